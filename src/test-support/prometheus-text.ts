/**
 * @module A small parser for the Prometheus text exposition format (0.0.4), for tests that read a
 * scrape. Written here because parse-prometheus-text-format 1.1.1 (the maintained npm parser)
 * merges every series of a labelled histogram into one and drops their labels, _sum and _count.
 * It handles HELP/TYPE lines, label values with escapes (\\, \", \n), ±Inf/NaN in any case and
 * optional timestamps; that is all prom-client writes.
 */

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Exposition {
  readonly samples: readonly Sample[];
  /** Family name → type (counter, gauge, histogram, summary, untyped). */
  readonly types: ReadonlyMap<string, string>;
}

export function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const type = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (type) types.set(type[1]!, type[2]!);
      continue;
    }
    samples.push(parseSample(line, index + 1));
  }
  return { samples, types };
}

function parseSample(line: string, lineNo: number): Sample {
  const fail = (why: string): never => {
    throw new Error(`exposition line ${lineNo}: ${why}: ${line}`);
  };
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line) ?? fail('no metric name');
  const name = nameMatch[0];
  let i = name.length;
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    i++;
    while (line[i] !== '}') {
      if (line[i] === ',') i++;
      if (line[i] === '}') break;
      const labelMatch = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(i)) ?? fail('bad label name');
      i += labelMatch[0].length;
      if (line[i] !== '=' || line[i + 1] !== '"') fail('expected ="');
      i += 2;
      let value = '';
      for (;;) {
        const c = line[i];
        if (c === undefined) fail('unterminated label value');
        if (c === '"') break;
        if (c === '\\') {
          const next = line[i + 1];
          value += next === 'n' ? '\n' : next === '\\' ? '\\' : next === '"' ? '"' : fail('bad escape');
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      i++;
      labels[labelMatch[0]] = value;
    }
    i++;
  }
  const [valueText] = line.slice(i).trim().split(/\s+/);
  if (valueText === undefined || valueText === '') fail('no value');
  // Like Prometheus (Go's ParseFloat), special values are case-insensitive: prom-client writes "Nan".
  const special = valueText.toLowerCase();
  const value = special === '+inf' || special === 'inf' ? Infinity : special === '-inf' ? -Infinity : special === 'nan' ? NaN : Number(valueText);
  if (Number.isNaN(value) && special !== 'nan') fail('value is not a number');
  return { name, labels, value };
}

/** The samples of one metric whose labels include `match`. */
export function samplesOf(exposition: Exposition, name: string, match: Record<string, string> = {}): Sample[] {
  return exposition.samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
}

/** The sum of the samples of one metric whose labels include `match` (0 when none). */
export function sumOf(exposition: Exposition, name: string, match: Record<string, string> = {}): number {
  return samplesOf(exposition, name, match).reduce((sum, s) => sum + s.value, 0);
}
