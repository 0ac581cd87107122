import { Injectable } from '@nestjs/common';
import { isUuid } from '../../common/ids.js';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { NotSignedInError } from '../accounts/accounts.errors.js';
import { mayActAs } from '../accounts/domain/roles.js';
import { InstitutesService, type InstituteView } from '../institutes/institutes.service.js';
import { CohortsRepository } from './cohorts.repository.js';
import { CohortNotFoundError } from './cohorts.errors.js';
import type { CohortEntity } from './entities/cohort.entity.js';
import type { EnrolmentEntity } from './entities/enrolment.entity.js';

export interface CohortAccess {
  institute: InstituteView;
  cohort: CohortEntity;
  /** Set when the viewer is an enrolled participant. */
  enrolment: EnrolmentEntity | null;
  /** Trainers of the cohort or of the institute, institute admins and platform admins. */
  isStaff: boolean;
}

/**
 * The one place that decides who may see a cohort: its enrolled participants and its institute's staff.
 * Everyone else, including staff of other institutes, is told the cohort does not exist.
 */
@Injectable()
export class CohortAccessService {
  constructor(
    private readonly institutes: InstitutesService,
    private readonly cohorts: CohortsRepository,
  ) {}

  async resolve(
    viewer: RequestViewer | null | undefined,
    instituteSlug: string,
    cohortId: string,
  ): Promise<CohortAccess> {
    if (!viewer) throw new NotSignedInError();
    const institute = await this.institutes.findBySlug(instituteSlug);
    const found =
      institute && isUuid(cohortId)
        ? await this.cohorts.findCohortForPerson(institute.id, cohortId, viewer.userId)
        : null;
    if (!institute || !found) throw new CohortNotFoundError();
    const { cohort, enrolment } = found;
    const isStaff =
      mayActAs(viewer, institute.id, ['admin']) || (mayActAs(viewer, institute.id, ['trainer']) && found.isTrainer);
    if (!isStaff && !enrolment) throw new CohortNotFoundError();
    return { institute, cohort, enrolment, isStaff };
  }
}
