import { Injectable, Optional } from '@nestjs/common';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { CohortAccessService, type CohortAccess } from '../cohorts/cohort-access.service.js';
import { ContentService } from '../content/content.service.js';
import { CopyOverlayService } from '../localization/copy-overlay.service.js';
import type { CourseVersionView } from '../content/content.views.js';
import type { PlanOwner } from './capstone-submissions.repository.js';
import { CapstoneGradingNotFoundError } from './capstone-grading.errors.js';
import { CapstoneNotFoundError } from './capstones.errors.js';
import type { CapstoneDefinition } from './domain/capstone.types.js';

/** A cohort's course version and its capstone (null: the course has none), read through the content cache. */
export interface CapstoneCourse {
  course: CourseVersionView;
  definition: CapstoneDefinition | null;
}

/** A cohort's capstone as one viewer may use it. */
export interface CapstoneContext {
  access: CohortAccess;
  course: CourseVersionView;
  definition: CapstoneDefinition;
  language: string;
  /** The viewer's own plan: set for an enrolled participant, null for staff. */
  owner: PlanOwner | null;
}

/**
 * The one way the capstone services decide who may see a cohort's capstone and read its definition. Access is
 * CohortAccessService's (participants and the cohort's staff; everyone else, staff of other institutes too, gets
 * 404); the course version and its capstone come from ContentService, cached since versions never change.
 */
@Injectable()
export class CapstoneContextService {
  constructor(
    private readonly cohortAccess: CohortAccessService,
    private readonly content: ContentService,
    // Absent only in tests that build the service by hand: the app always has it.
    @Optional() private readonly overlay?: CopyOverlayService,
  ) {}

  access(viewer: RequestViewer | null | undefined, instituteSlug: string, cohortId: string): Promise<CohortAccess> {
    return this.cohortAccess.resolve(viewer, instituteSlug, cohortId);
  }

  /** The cohort for its trainers and admins; participants and everyone else are told the page does not exist. */
  async staffAccess(viewer: RequestViewer | null | undefined, instituteSlug: string, cohortId: string) {
    const access = await this.access(viewer, instituteSlug, cohortId);
    if (!access.isStaff) throw new CapstoneGradingNotFoundError();
    return access;
  }

  /** A course version (the cohort's, or the one a submission was made on) and its capstone. */
  async course(courseVersionId: string): Promise<CapstoneCourse> {
    const course = await this.content.getCourseVersion(courseVersionId);
    return { course, definition: await this.content.getCapstone(course) };
  }

  /** The viewer's capstone of the cohort; 404 when the viewer may not see the cohort or the course has none. */
  async context(
    viewer: RequestViewer | null | undefined,
    instituteSlug: string,
    cohortId: string,
  ): Promise<CapstoneContext> {
    const access = await this.access(viewer, instituteSlug, cohortId);
    const { course, definition: master } = await this.course(access.cohort.courseVersionId);
    if (!master) throw new CapstoneNotFoundError();
    // A cohort on a localized copy reads the copy's brief, sections and rubric; ids and points stay the master's.
    const text = this.overlay ? await this.overlay.forCohort(access.cohort) : null;
    const definition = text && this.overlay ? this.overlay.overlayCapstone(text, master) : master;
    const owner = access.enrolment
      ? { instituteId: access.institute.id, cohortId: access.cohort.id, userId: access.enrolment.userId }
      : null;
    return { access, course, definition, language: text ? text.copy.language : course.language, owner };
  }
}
