/**
 * @module Sign-in with a credential: a client id and secret, or an API key alone (sent as a
 * Bearer token). The server's /api/v1/whoami checks it and tells the role; the credential stays in
 * sessionStorage for this tab only.
 */
import { useState, type FormEvent } from 'react';
import { signIn, type Session } from '../api/session.js';
import { errorText } from '../components/States.js';

export function SignInPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [clientId, setClientId] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signIn({ clientId: clientId.trim() || undefined, clientSecret: secret.trim() }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="signin">
      <form onSubmit={submit} className="card signin-card" aria-label="Sign in">
        <h1>AxonFlow Execution Viewer</h1>
        <p className="muted">Sign in with a credential: a client id and secret, or an API key alone. It is kept for this tab only.</p>
        <label>
          Client ID <span className="muted">(optional with an API key)</span>
          <input name="client_id" autoComplete="username" value={clientId} onChange={(e) => setClientId(e.target.value)} placeholder="axf_…" />
        </label>
        <label>
          Client secret or API key
          <input name="client_secret" type="password" autoComplete="current-password" required value={secret} onChange={(e) => setSecret(e.target.value)} placeholder="axfs_…" />
        </label>
        {error && (
          <div className="state state-error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" className="primary" disabled={busy || !secret.trim()}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">
          On first start the server prints a bootstrap admin credential; <code>axonflow credentials create</code> issues more.
        </p>
      </form>
    </div>
  );
}
