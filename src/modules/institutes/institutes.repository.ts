import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { InstituteEntity, type InstituteBranding } from './entities/institute.entity.js';

export interface NewInstitute {
  slug: string;
  name: string;
  country: string;
  defaultLanguage: string;
  languages: string[];
  isHub: boolean;
  branding: InstituteBranding;
}

@Injectable()
export class InstitutesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findBySlug(slug: string): Promise<InstituteEntity | null> {
    return this.dataSource.getRepository(InstituteEntity).findOne({ where: { slug } });
  }

  findByIds(ids: string[]): Promise<InstituteEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(InstituteEntity)
      .createQueryBuilder('i')
      .where('i.id IN (:...ids)', { ids })
      .orderBy('i.name')
      .getMany();
  }

  /** Creates the institute, or returns the existing one with that slug unchanged (seeding is re-runnable). */
  async ensureInstitute(
    manager: EntityManager,
    institute: NewInstitute,
  ): Promise<{ institute: InstituteEntity; created: boolean }> {
    const existing = await manager.findOne(InstituteEntity, { where: { slug: institute.slug } });
    if (existing) return { institute: existing, created: false };
    return { institute: await manager.save(manager.create(InstituteEntity, institute)), created: true };
  }
}
