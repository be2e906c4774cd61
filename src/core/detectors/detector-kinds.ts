/**
 * @module The detector vocabulary: what each detector reports (a kind and a span of the scanned
 * string, never the matched text) and the two groups policies name, `pii` and `secrets`.
 */

export const PII_KINDS = ['email', 'phone', 'credit_card', 'us_ssn', 'iban', 'ipv4', 'ipv6'] as const;
export const SECRET_KINDS = ['jwt', 'api_key', 'private_key'] as const;
export const DETECTOR_KINDS = [...PII_KINDS, ...SECRET_KINDS] as const;

export type PiiKind = (typeof PII_KINDS)[number];
export type SecretKind = (typeof SECRET_KINDS)[number];
export type DetectorKind = PiiKind | SecretKind;

export const DETECTOR_GROUPS = { pii: PII_KINDS, secrets: SECRET_KINDS } as const satisfies Record<string, readonly DetectorKind[]>;
export type DetectorGroup = keyof typeof DETECTOR_GROUPS;

/** Which detectors to run: kinds and groups, mixed, or every kind. */
export type DetectorSelection = readonly (DetectorKind | DetectorGroup)[] | 'all';

/** Where one detector found its kind of data: `text.slice(start, end)`, UTF-16 offsets. */
export interface DetectorFinding {
  readonly kind: DetectorKind;
  readonly start: number;
  readonly end: number;
}

export function isDetectorKind(name: string): name is DetectorKind {
  return (DETECTOR_KINDS as readonly string[]).includes(name);
}

/** The kinds a selection names, groups expanded, in DETECTOR_KINDS order, each once. */
export function selectKinds(selection: DetectorSelection): readonly DetectorKind[] {
  if (selection === 'all') return DETECTOR_KINDS;
  const chosen = new Set<DetectorKind>();
  for (const name of selection) {
    if (name === 'pii' || name === 'secrets') for (const kind of DETECTOR_GROUPS[name]) chosen.add(kind);
    else chosen.add(name);
  }
  return DETECTOR_KINDS.filter((kind) => chosen.has(kind));
}
