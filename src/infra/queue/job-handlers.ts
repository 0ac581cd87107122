import { JOB_NAMES, type JobName } from './jobs.js';

/** A processor declares the jobs it handles; the worker refuses to start unless every job has exactly one. */
export interface JobHandler {
  readonly handles: readonly JobName[];
}

export function checkJobHandlers(handlers: JobHandler[]): void {
  const owners = new Map<JobName, number>();
  for (const handler of handlers) for (const name of handler.handles) owners.set(name, (owners.get(name) ?? 0) + 1);
  const missing = JOB_NAMES.filter((name) => !owners.has(name));
  const doubled = [...owners].filter(([, count]) => count > 1).map(([name]) => name);
  if (missing.length > 0 || doubled.length > 0) {
    throw new Error(
      [
        missing.length ? `jobs with no handler: ${missing.join(', ')}` : '',
        doubled.length ? `jobs with more than one handler: ${doubled.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    );
  }
}
