import { Injectable } from '@nestjs/common';
import type { InstituteEntity } from './entities/institute.entity.js';
import { InstitutesRepository } from './institutes.repository.js';

export type InstituteView = Pick<
  InstituteEntity,
  'id' | 'slug' | 'name' | 'country' | 'defaultLanguage' | 'languages' | 'isHub' | 'branding'
>;

@Injectable()
export class InstitutesService {
  constructor(private readonly repository: InstitutesRepository) {}

  async findBySlug(slug: string): Promise<InstituteView | null> {
    return this.repository.findBySlug(slug);
  }

  async listByIds(ids: string[]): Promise<InstituteView[]> {
    return this.repository.findByIds(ids);
  }
}
