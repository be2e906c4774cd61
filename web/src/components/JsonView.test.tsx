/** The JSON inspector: collapsed and expanded levels, typed scalars, and highlighted redaction markers. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { JsonView } from './JsonView.js';

const value = {
  customer: { email: '[REDACTED:email]', note: 'card [REDACTED:credit_card] on file', tier: 2 },
  items: [{ sku: 'A-1', qty: 1 }],
  refund: true,
  memo: null,
};

describe('<JsonView>', () => {
  it('opens the levels above expandDepth and collapses the rest, with counts', () => {
    const html = renderToStaticMarkup(<JsonView value={value} expandDepth={1} />);
    expect(html).toMatch(/<details class="json-node" open="" data-path="">/);
    expect(html).toMatch(/<details class="json-node" data-path="customer">/);
    expect(html).toMatch(/<details class="json-node" data-path="items">/);
    expect(html).toContain('<span class="json-count">4 keys</span>');
    expect(html).toContain('<span class="json-count">1 item</span>');
    const all = renderToStaticMarkup(<JsonView value={value} expandDepth={9} />);
    expect(all.match(/<details[^>]*open=""/g)).toHaveLength(4);
    expect(renderToStaticMarkup(<JsonView value={value} expandDepth={0} />)).not.toContain('open=""');
  });

  it('highlights every redaction marker with its kind, inside longer strings too', () => {
    const html = renderToStaticMarkup(<JsonView value={value} />);
    expect(html).toContain('<mark class="redaction" data-kind="email" title="Redacted by the gate: email">[REDACTED:email]</mark>');
    expect(html).toContain('&quot;card <mark class="redaction" data-kind="credit_card" title="Redacted by the gate: credit_card">[REDACTED:credit_card]</mark> on file&quot;');
    expect(html.match(/<mark/g)).toHaveLength(2);
  });

  it('types scalars and flags paths the server reports as redacted', () => {
    const html = renderToStaticMarkup(<JsonView value={value} redactedPaths={['customer.tier', 'items']} />);
    expect(html).toContain('<span class="json-number">2</span>');
    expect(html).toContain('<span class="json-bool">true</span>');
    expect(html).toContain('<span class="json-null">null</span>');
    expect(html).toMatch(/<div class="json-line json-redacted" data-path="customer.tier">/);
    expect(html).toMatch(/data-path="items"><summary>.*<span class="redaction-flag">redacted<\/span>/);
  });

  it('shows an absent value as none and escapes text', () => {
    expect(renderToStaticMarkup(<JsonView value={undefined} />)).toContain('(none)');
    expect(renderToStaticMarkup(<JsonView value={'<script>'} />)).toContain('&lt;script&gt;');
  });
});
