import { Injectable } from '@nestjs/common';
import { MemoCache } from '../../common/memo-cache.js';
import { PageResponder, type CachedPage } from '../../common/http/page-responder.js';
import type { Locale } from '../../infra/i18n/locales.js';
import { ContentService } from '../content/content.service.js';
import { catalogueLinks, catalogueModel, courseHref, courseModel, moduleModel } from './domain/page-models.js';

/**
 * Pages of a course version are rendered once and kept, with their compressed forms: versions never
 * change, so only the pointer to the newest version is looked up again (see ContentService).
 */
@Injectable()
export class CataloguePagesService {
  private readonly pages = new MemoCache<CachedPage>({ maxEntries: 2_000 });

  constructor(
    private readonly content: ContentService,
    private readonly responder: PageResponder,
  ) {}

  async cataloguePage(locale: Locale): Promise<CachedPage> {
    const courses = await this.content.listCourses();
    const key = `catalogue:${locale}:${courses.map((course) => course.versionId).join(',')}`;
    return this.pages.get(key, async () => {
      const details = await Promise.all(
        courses.map((course) => this.content.getCourse(course.slug, course.versionNumber)),
      );
      const model = catalogueModel(
        details.map((course) => ({
          ...course,
          hours: course.outline.hours,
          moduleCount: course.modules.length,
          weekCount: course.outline.weeks.length,
        })),
      );
      return this.responder.cache(
        'catalogue',
        {
          title: this.responder.t(locale, 'catalogue.title'),
          description: this.responder.t(locale, 'catalogue.description'),
        },
        model,
        locale,
      );
    });
  }

  async coursePage(locale: Locale, slug: string, versionNumber?: number): Promise<CachedPage> {
    const course = await this.content.getCourse(slug, versionNumber);
    const pinned = versionNumber !== undefined;
    return this.pages.get(`course:${locale}:${course.versionId}:${pinned}`, () =>
      Promise.resolve().then(() =>
        this.responder.cache(
          'course',
          {
            title: course.title,
            description: course.summary,
            trail: [{ href: '/', label: this.responder.t(locale, 'common.catalogue') }],
          },
          courseModel(course, pinned),
          locale,
        ),
      ),
    );
  }

  async modulePage(locale: Locale, slug: string, moduleId: string, versionNumber?: number): Promise<CachedPage> {
    const course = await this.content.getCourse(slug, versionNumber);
    const pinned = versionNumber !== undefined;
    return this.pages.get(`module:${locale}:${course.versionId}:${moduleId}:${pinned}`, async () => {
      const module = await this.content.getModule(course, moduleId);
      return this.responder.cache(
        'module',
        {
          title: `${module.title} · ${course.title}`,
          trail: [
            { href: '/', label: this.responder.t(locale, 'common.catalogue') },
            { href: courseHref(course.slug, pinned ? course.versionNumber : undefined), label: course.title },
          ],
        },
        moduleModel(course, module, catalogueLinks(course, pinned)),
        locale,
      );
    });
  }
}
