import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/**
 * What npm's install-time checks would say if they looked at the right Node.js. npm compares each
 * package's "engines" with the Node that runs npm (the machine's, 20 or newer) and its warnings are
 * off (.npmrc): here they are compared with the Node the project runs on, the pinned `node` dev
 * dependency, and every install script must have been reviewed (allowScripts).
 */
interface Manifest {
  engines?: { node?: string };
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
}
interface LockedPackage {
  name?: string;
  version?: string;
  engines?: { node?: string } | string[];
  hasInstallScript?: boolean;
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockedPackage> };
const locked = Object.entries(lock.packages).filter(([where]) => where !== '');
const nameOf = (where: string, pkg: LockedPackage) => pkg.name ?? where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
const pinnedNode = manifest.devDependencies.node ?? '';

describe('the install', () => {
  it('pins the Node.js the project runs on to one exact 24.x version', () => {
    expect(semver.valid(pinnedNode), 'devDependencies.node').toBe(pinnedNode);
    expect(semver.major(pinnedNode)).toBe(24);
  });

  it("every locked package's engines accept the pinned Node.js", () => {
    const refusing = locked
      .map(([where, pkg]) => ({ name: nameOf(where, pkg), range: Array.isArray(pkg.engines) ? undefined : pkg.engines?.node }))
      .filter(({ range }) => range !== undefined && !semver.satisfies(pinnedNode, range, { includePrerelease: true }))
      .map(({ name, range }) => `${name}: ${range}`);
    expect(locked.filter(([, pkg]) => !Array.isArray(pkg.engines) && pkg.engines?.node).length).toBeGreaterThan(20);
    expect(refusing).toEqual([]);
  });

  it("the project's own engines name the Node.js that runs npm (20 or newer, as the README says), in package.json and the lockfile alike", () => {
    const range = manifest.engines?.node ?? '';
    expect(semver.satisfies('20.0.0', range)).toBe(true);
    expect(semver.satisfies(pinnedNode, range)).toBe(true);
    expect(lock.packages['']?.engines).toEqual(manifest.engines);
  });

  it('every package with an install script is reviewed in allowScripts', () => {
    const unreviewed = locked
      .filter(([, pkg]) => pkg.hasInstallScript)
      .map(([where, pkg]) => nameOf(where, pkg))
      .filter((name) => !(name in manifest.allowScripts));
    expect(locked.some(([, pkg]) => pkg.hasInstallScript)).toBe(true);
    expect(unreviewed).toEqual([]);
  });

  it('npm prints errors only, its engine warnings being about the machine, not the project', () => {
    const settings = readFileSync('.npmrc', 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'));
    expect(settings).toEqual(['loglevel=error']);
  });
});
