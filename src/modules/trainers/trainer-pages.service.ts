import { Injectable } from '@nestjs/common';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { mayActAs } from '../accounts/domain/roles.js';
import { missingRequirements } from './domain/stages.js';
import { TrainerActivitiesService } from './trainer-activities.service.js';
import { mayRevokeTrainerCertificate, pathUrl, TrainerPathService, type PathAccess } from './trainer-path.service.js';
import { TrainerPathNotFoundError } from './trainers.errors.js';
import { CertificatesService } from '../certificates/certificates.service.js';
import { TrainersRepository } from './trainers.repository.js';

/** Message selectors are identifiers: `co-facilitator` is selected as `coFacilitator`. */
function camelCase(code: string): string {
  return code.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** View models of the trainer pages: everything a view reads is present (strict Handlebars), nothing more. */
@Injectable()
export class TrainerPagesService {
  constructor(
    private readonly repository: TrainersRepository,
    private readonly paths: TrainerPathService,
    private readonly activities: TrainerActivitiesService,
    private readonly certificates: CertificatesService,
  ) {}

  async overview(viewer: RequestViewer, instituteSlug: string) {
    const institute = await this.repository.findInstitute(instituteSlug);
    if (!institute) throw new TrainerPathNotFoundError();
    const isAdmin = mayActAs(viewer, institute.id, ['admin']);
    const all = await this.repository.listPaths([institute.id]);
    const mine = all.filter((row) => isAdmin || row.userId === viewer.userId);
    const candidates = isAdmin ? await this.repository.listNominationCandidates(institute.id) : [];
    // Master trainers observe and certify trainees of their courses in every institute.
    const everyone = await this.repository.listPaths(null);
    const mastered = new Set<string>();
    for (const row of everyone.filter((entry) => entry.userId === viewer.userId && entry.stage === 'master'))
      if (await this.paths.isActiveMaster(viewer.userId, row.courseId)) mastered.add(row.courseId);
    const observed = everyone.filter(
      (row) =>
        mastered.has(row.courseId) &&
        row.userId !== viewer.userId &&
        ['trainee', 'co-facilitator', 'certified', 'lapsed'].includes(row.stage),
    );
    return {
      institute: { name: institute.name, slug: institute.slug },
      isAdmin,
      cascadeHref: isAdmin ? `/i/${institute.slug}/trainers/cascade` : null,
      nominateAction: `/i/${institute.slug}/trainers/nominations`,
      paths: mine.map((row) => ({
        name: row.fullName,
        course: row.courseTitle,
        stage: camelCase(row.stage),
        since: row.since,
        validUntil: row.validUntil,
        href: pathUrl(institute.slug, row.userId, row.courseId),
      })),
      observed: observed.map((row) => ({
        name: row.fullName,
        institute: row.instituteSlug,
        course: row.courseTitle,
        stage: camelCase(row.stage),
        href: pathUrl(row.instituteSlug, row.userId, row.courseId),
      })),
      candidates: candidates.map((row) => ({
        label: `${row.fullName} — ${row.courseTitle}`,
        userId: row.userId,
        courseId: row.courseId,
      })),
    };
  }

  async path(access: PathAccess) {
    const { userId } = access.person;
    const courseId = access.course.id;
    const base = pathUrl(access.institute.slug, userId, courseId);
    const [history, teachBacks, calibrations, signOffs, certification, facts, track, cohorts, coCohort, issued] =
      await Promise.all([
        this.repository.history(userId, courseId),
        this.repository.listTeachBacks(userId, courseId),
        this.repository.listCalibrationAttempts(userId, courseId),
        this.repository.listSignOffs(userId, courseId),
        this.repository.latestCertification(userId, courseId),
        this.paths.facts(access, null),
        this.repository.latestTrack(),
        this.repository.cohortsWithMaster(courseId),
        this.repository.coFacilitationCohort(userId, courseId),
        this.certificates.trainerCertificates(userId, courseId),
      ]);
    const stage = history.at(-1)?.toStage ?? null;
    const practising = stage === 'trainee' || stage === 'co-facilitator';
    const missing = new Set(missingRequirements(facts));
    const criteria = track?.track.teachBack.rubric.criteria ?? [];
    const canAssign = stage === 'trainee' && (access.isAdmin || access.isMaster);
    return {
      person: access.person,
      course: access.course,
      institute: { slug: access.institute.slug, name: access.institute.name },
      stage: stage ? camelCase(stage) : null,
      validUntil: certification?.validUntil ?? null,
      lapsed: facts.certificationExpired,
      // Trainer certificates, one per certification (issued by the worker just after it).
      trainerCertificates: issued.map((certificate) => ({
        serial: certificate.serial,
        issuedAt: certificate.issuedAt,
        validUntil: certificate.trainer?.validUntil ?? null,
        status: certificate.revocation ? certificate.revocation.kind : 'valid',
        pdfHref: certificate.files ? `${base}/certificates/${certificate.id}/pdf` : null,
        revokeAction:
          mayRevokeTrainerCertificate(access) && !certificate.revocation
            ? `${base}/certificates/${certificate.id}/revoke`
            : null,
        verifyHref: `/verify/${certificate.verificationCode}`,
      })),
      requirements: (['track', 'teach-back', 'calibration', 'co-facilitation'] as const).map((key) => ({
        key: camelCase(key),
        met: !missing.has(key),
      })),
      history: history.map((row) => ({
        from: row.fromStage,
        to: camelCase(row.toStage),
        event: camelCase(row.event),
        actor: row.actorName,
        cohort: row.cohortTitle,
        note: row.note,
        at: row.at,
      })),
      eventAction: `${base}/events`,
      actions: {
        enrol: stage === 'nominated' && (access.isSelf || access.isAdmin),
        assign: canAssign,
        cohorts: canAssign
          ? cohorts.map((cohort) => ({ id: cohort.id, label: `${cohort.title} (${cohort.instituteSlug})` }))
          : [],
        certify: stage === 'co-facilitator' && access.isMaster && !access.isSelf,
        grantMaster: stage === 'certified' && access.isHubMaster && !access.isSelf,
        recertify: (stage === 'certified' || stage === 'lapsed') && access.isMaster && !access.isSelf,
        appointMaster: stage === null && access.isPlatformAdmin,
        signOff: stage === 'co-facilitator' && access.isMaster && !access.isSelf && signOffs.length === 0,
      },
      coFacilitationCohort: coCohort?.title ?? null,
      signOffAction: `${base}/sign-off`,
      signOffs: signOffs.map((row) => ({
        cohort: row.cohortTitle,
        master: row.masterName,
        note: row.note,
        at: row.signedAt,
      })),
      teachBack: {
        title: track?.track.teachBack.title ?? '',
        briefHtml: track?.track.teachBack.briefHtml ?? '',
        canSubmit: access.isSelf && practising && track !== null,
        action: `${base}/teach-backs`,
        today: new Date().toISOString().slice(0, 10),
        attempts: teachBacks.map((attempt) => ({
          attempt: attempt.attempt,
          delivery: attempt.delivery,
          recordingUrl: attempt.recordingUrl,
          fileHref: attempt.fileKey ? `${base}/teach-backs/${attempt.id}/file` : null,
          fileName: attempt.fileName,
          deliveredOn: attempt.deliveredOn,
          notes: attempt.notes,
          submittedAt: attempt.submittedAt,
          score: attempt.score
            ? {
                ...attempt.score,
                percent: attempt.score.percent / 100,
                levels: criteria.map((criterion) => ({
                  title: criterion.title,
                  level:
                    criterion.levels.find((level) => level.id === attempt.score!.levels[criterion.id])?.label ?? '',
                })),
              }
            : null,
          scoreForm:
            !attempt.score && access.isMaster && !access.isSelf
              ? {
                  action: `${base}/teach-backs/${attempt.id}/score`,
                  criteria: criteria.map((criterion) => ({
                    id: criterion.id,
                    title: criterion.title,
                    levels: criterion.levels,
                  })),
                }
              : null,
        })),
      },
      calibration: {
        href: `${base}/calibration`,
        canSubmit: access.isSelf && practising,
        attempts: calibrations.map((attempt) => ({
          agreed: attempt.agreed,
          total: attempt.total,
          ratio: attempt.agreed / attempt.total,
          passed: attempt.passed,
          at: attempt.submittedAt,
        })),
      },
    };
  }

  async calibration(access: PathAccess, grades: Record<string, Record<string, string>>) {
    const [set, attempts] = await Promise.all([
      this.activities.calibrationSet(access),
      this.repository.listCalibrationAttempts(access.person.userId, access.course.id),
    ]);
    const last = attempts[0] ?? null;
    const labelOf = (criterionId: string, levelId: string | undefined) =>
      set.rubric.criteria
        .find((criterion) => criterion.id === criterionId)
        ?.levels.find((level) => level.id === levelId)?.label ?? '—';
    const indexOf = (criterionId: string, levelId: string | undefined) =>
      set.rubric.criteria
        .find((criterion) => criterion.id === criterionId)
        ?.levels.findIndex((level) => level.id === levelId) ?? -1;
    return {
      // After an attempt: the trainee's level beside the master trainers' level and their reason, per criterion.
      lastAttempt: last
        ? {
            agreed: last.agreed,
            total: last.total,
            passed: last.passed,
            references: set.references.map((reference) => ({
              title: reference.title,
              rows: set.rubric.criteria.map((criterion) => {
                const given = last.grades[reference.id]?.[criterion.id];
                const expected = reference.levels[criterion.id];
                const difference = Math.abs(indexOf(criterion.id, given) - indexOf(criterion.id, expected));
                return {
                  criterion: criterion.title,
                  yours: labelOf(criterion.id, given),
                  reference: labelOf(criterion.id, expected),
                  agrees: given !== undefined && difference <= set.passRule.withinLevels,
                  comment: reference.comments[criterion.id] ?? '',
                };
              }),
            })),
          }
        : null,
      course: access.course,
      title: set.track.track.calibration.title,
      minimumPercent: set.passRule.minimumPercent,
      withinLevels: set.passRule.withinLevels,
      canSubmit: access.isSelf,
      action: `${pathUrl(access.institute.slug, access.person.userId, access.course.id)}/calibration`,
      references: set.references.map((reference) => ({
        id: reference.id,
        title: reference.title,
        sections: reference.sections.map((section) => ({ id: section.id, html: section.html })),
        criteria: set.rubric.criteria.map((criterion) => ({
          id: criterion.id,
          title: criterion.title,
          levels: criterion.levels.map((level) => ({
            id: level.id,
            label: level.label,
            descriptor: level.descriptor,
            checked: grades[reference.id]?.[criterion.id] === level.id,
          })),
        })),
      })),
    };
  }
}
