/**
 * deploy/Dockerfile, read (docker is not run here): the build stage gets everything `npm run build`
 * reads, the server's tsconfig and sources and the viewer's (web/, whose vite config writes
 * dist/ui), runs that build, and the runtime stage gets dist/ whole, so /ui works in the image.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

function stages(dockerfile: string): string[][] {
  const lines = dockerfile.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const out: string[][] = [];
  for (const line of lines) {
    if (line.startsWith('FROM ')) out.push([]);
    out.at(-1)?.push(line);
  }
  return out;
}

/** Sources of `COPY a b ./dest` lines without --from (what comes from the build context). */
const copied = (stage: string[]) => stage.filter((l) => l.startsWith('COPY ') && !l.includes('--from')).flatMap((l) => l.split(/\s+/).slice(1, -1));

describe('deploy/Dockerfile', () => {
  const [build, runtime] = stages(read('deploy/Dockerfile'));
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

  it('builds the server and the viewer with npm run build, from every input that build reads', () => {
    expect(scripts.build).toContain('tsc -p tsconfig.build.json');
    expect(scripts.build).toContain('npm run build:ui');
    expect(scripts['build:ui']).toContain('--config web/vite.config.ts');
    expect(read('web/vite.config.ts')).toContain("'../dist/ui'");
    expect(copied(build!)).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'web']));
    const run = build!.filter((l) => l.startsWith('RUN '));
    expect(run.some((l) => l.includes('npm ci'))).toBe(true);
    const buildLine = run.find((l) => l.includes('npm run build'));
    expect(buildLine).toContain('test -f dist/ui/index.html');
    // Dev dependencies (vite, react) are pruned only after the build.
    expect(buildLine!.indexOf('npm prune')).toBeGreaterThan(buildLine!.indexOf('npm run build'));
  });

  it('ships dist/ (server, CLI and dist/ui) in the runtime image', () => {
    expect(runtime).toContain('COPY --from=build /app/dist ./dist');
    expect(runtime!.find((l) => l.startsWith('ENTRYPOINT'))).toContain('dist/server/main.js');
  });
});
