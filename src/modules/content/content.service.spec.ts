import { describe, expect, it } from '@jest/globals';
import type { CapstoneDefinition } from '../capstones/domain/capstone.types.js';
import type { ContentRepository } from './content.repository.js';
import { ContentService } from './content.service.js';
import type { CourseVersionView } from './content.views.js';
import { capstoneFile, courseFiles } from './domain/content.fixtures.js';
import { parseCourse } from './domain/parse-course.js';
import { prepareCourse } from './domain/prepare-course.js';

/** Only what getCapstone may call; anything else is a test failure. */
class FakeCapstoneRepository {
  readonly calls: string[] = [];
  constructor(private readonly capstones: Map<string, CapstoneDefinition>) {}

  findCapstone(versionId: string): Promise<CapstoneDefinition | null> {
    this.calls.push(versionId);
    return Promise.resolve(this.capstones.get(versionId) ?? null);
  }
}

function preparedCapstone(): CapstoneDefinition {
  const parsed = parseCourse({ ...courseFiles({ modules: 1, perWeek: 1 }), capstone: capstoneFile() });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const { capstone } = prepareCourse(parsed.value);
  if (!capstone) throw new Error('the fixture has a capstone');
  return capstone;
}

const versionView = (versionId: string) => ({ versionId, slug: 'test-course' }) as CourseVersionView;

describe('ContentService.getCapstone', () => {
  it('should read a version capstone once and serve it from memory afterwards, null included', async () => {
    const capstone = preparedCapstone();
    const repository = new FakeCapstoneRepository(new Map([['v1', capstone]]));
    const service = new ContentService(repository as unknown as ContentRepository);

    expect(await service.getCapstone(versionView('v1'))).toBe(capstone);
    expect(await service.getCapstone(versionView('v1'))).toBe(capstone);
    expect(await service.getCapstone(versionView('v2'))).toBeNull();
    expect(await service.getCapstone(versionView('v2'))).toBeNull();
    expect(repository.calls).toEqual(['v1', 'v2']);
  });
});
