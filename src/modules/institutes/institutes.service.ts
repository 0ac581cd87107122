import { Injectable } from '@nestjs/common';
import { MemoCache } from '../../common/memo-cache.js';
import type { InstituteEntity } from './entities/institute.entity.js';
import { InstitutesRepository } from './institutes.repository.js';

export type InstituteView = Pick<
  InstituteEntity,
  'id' | 'slug' | 'name' | 'country' | 'defaultLanguage' | 'languages' | 'isHub' | 'branding'
>;

/**
 * Every institute page and API call starts by finding its institute. Institutes change rarely (and only through
 * the seed for now), so a found one is kept for a few seconds; an unknown slug is always looked up again.
 */
const INSTITUTE_TTL_MS = 5_000;

@Injectable()
export class InstitutesService {
  private readonly bySlug = new MemoCache<InstituteView | null>({
    maxEntries: 1_000,
    ttlMs: INSTITUTE_TTL_MS,
    keep: (institute) => institute !== null,
  });

  constructor(private readonly repository: InstitutesRepository) {}

  async findBySlug(slug: string): Promise<InstituteView | null> {
    return this.bySlug.get(slug, () => this.repository.findBySlug(slug));
  }

  async listByIds(ids: string[]): Promise<InstituteView[]> {
    return this.repository.findByIds(ids);
  }
}
