import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { isUuid } from '../../common/ids.js';
import { FileStorage } from '../../infra/storage/file-storage.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { checkFile, sanitizeFileName } from '../capstones/domain/file-type.js';
import { gradingAgreement, type CalibrationAgreement } from './domain/grading-calibration.js';
import { scoreTeachBack, type TeachBackScore } from './domain/teach-back-score.js';
import { TrainerPathService, type PathAccess } from './trainer-path.service.js';
import { TrainerFormInvalidError, TrainerPathNotFoundError } from './trainers.errors.js';
import { TrainersRepository, type TrackVersion } from './trainers.repository.js';

export interface TeachBackForm {
  delivery: string;
  recordingUrl: string;
  deliveredOn: string;
  notes: string;
  file: { name: string; bytes: Buffer } | null;
}

const STAGES_FOR_PRACTICE = new Set(['trainee', 'co-facilitator']);

/**
 * What a trainee does and a master trainer judges on the path: teach-back attempts and their scores, grading
 * calibration attempts, the co-facilitation sign-off. Every row is appended, never changed; after each one that
 * can complete the requirements, certification is tried (it happens when the last one is met).
 */
@Injectable()
export class TrainerActivitiesService {
  constructor(
    private readonly repository: TrainersRepository,
    private readonly paths: TrainerPathService,
    private readonly storage: FileStorage,
    private readonly audit: AuditRepository,
  ) {}

  async track(): Promise<TrackVersion> {
    const track = await this.repository.latestTrack();
    if (!track) throw new TrainerPathNotFoundError();
    return track;
  }

  private async requirePractising(access: PathAccess): Promise<void> {
    const stage = await this.paths.stageOf(access.person.userId, access.course.id);
    if (!stage || !STAGES_FOR_PRACTICE.has(stage))
      throw new TrainerFormInvalidError('stage', 'Teach-back and calibration are for trainees and co-facilitators.');
  }

  /** The trainee's own new teach-back attempt: a recording link, an uploaded file, or "delivered live on". */
  async submitTeachBack(access: PathAccess, form: TeachBackForm): Promise<number> {
    if (!access.isSelf) throw new TrainerPathNotFoundError();
    await this.requirePractising(access);
    const track = await this.track();
    let recordingUrl: string | null = null;
    let deliveredOn: string | null = null;
    let fileKey: string | null = null;
    let fileName: string | null = null;
    switch (form.delivery) {
      case 'link': {
        const url = form.recordingUrl.trim();
        if (!/^https?:\/\/\S+$/i.test(url))
          throw new TrainerFormInvalidError('recordingUrl', 'Give the recording as a full http(s) address.');
        recordingUrl = url;
        break;
      }
      case 'live':
        if (!/^\d{4}-\d{2}-\d{2}$/.test(form.deliveredOn) || Number.isNaN(Date.parse(form.deliveredOn)))
          throw new TrainerFormInvalidError('deliveredOn', 'Give the date of the live session as YYYY-MM-DD.');
        if (form.deliveredOn > new Date().toISOString().slice(0, 10))
          throw new TrainerFormInvalidError('deliveredOn', 'A live session can only be recorded once it happened.');
        deliveredOn = form.deliveredOn;
        break;
      case 'file': {
        if (!form.file || form.file.bytes.length === 0)
          throw new TrainerFormInvalidError('file', 'Choose the file of your recording or session plan.');
        const check = checkFile(form.file.name, form.file.bytes);
        if (!check.ok) throw new TrainerFormInvalidError('file', check.reason);
        fileName = sanitizeFileName(form.file.name, check.kind);
        fileKey = `institutes/${access.institute.id}/teach-backs/${access.person.userId}/${randomUUID()}`;
        await this.storage.put(fileKey, form.file.bytes);
        break;
      }
      default:
        throw new TrainerFormInvalidError('delivery', 'Choose how the segment was delivered: link, file or live.');
    }
    return this.repository.transaction(async (manager) => {
      await this.repository.lockPath(manager, access.person.userId, access.course.id);
      const created = await this.repository.insertTeachBack(manager, {
        instituteId: access.institute.id,
        userId: access.person.userId,
        courseId: access.course.id,
        trackVersionId: track.versionId,
        delivery: form.delivery as 'link' | 'file' | 'live',
        recordingUrl,
        fileKey,
        fileName,
        deliveredOn,
        notes: form.notes.trim().slice(0, 4000),
      });
      await this.audit.append(manager, {
        instituteId: access.institute.id,
        actorUserId: access.viewer.userId,
        action: 'trainer-path.teach-back-submitted',
        entityType: 'trainer_teach_back',
        entityId: created.id,
        after: { attempt: created.attempt, delivery: form.delivery },
      });
      return created.attempt;
    });
  }

  /** A master trainer scores one attempt (once: a new attempt is the way to improve) with written feedback. */
  async scoreTeachBack(
    access: PathAccess,
    teachBackId: string,
    levels: Record<string, string>,
    feedback: string,
  ): Promise<TeachBackScore> {
    if (!access.isMaster || access.isSelf) throw new TrainerPathNotFoundError();
    const attempt = isUuid(teachBackId) ? await this.repository.findTeachBack(teachBackId) : null;
    if (!attempt || attempt.userId !== access.person.userId || attempt.courseId !== access.course.id)
      throw new TrainerPathNotFoundError();
    if (attempt.scored) throw new TrainerFormInvalidError('attempt', 'This attempt is already scored.');
    if (feedback.trim().length === 0)
      throw new TrainerFormInvalidError('feedback', 'Write feedback for the trainee: what to keep, what to change.');
    const track = await this.track();
    let score: TeachBackScore;
    try {
      score = scoreTeachBack(track.track.teachBack.rubric.criteria, levels, track.track.teachBack);
    } catch (error) {
      throw new TrainerFormInvalidError('levels', (error as Error).message);
    }
    await this.repository.transaction(async (manager) => {
      await this.repository.lockPath(manager, access.person.userId, access.course.id);
      const again = await this.repository.findTeachBack(teachBackId);
      if (again?.scored) throw new TrainerFormInvalidError('attempt', 'This attempt is already scored.');
      await this.repository.insertTeachBackScore(manager, {
        teachBackId,
        instituteId: attempt.instituteId,
        scorerUserId: access.viewer.userId,
        levels,
        feedback: feedback.trim(),
        percent: score.percent,
        passed: score.passed,
      });
      await this.audit.append(manager, {
        instituteId: attempt.instituteId,
        actorUserId: access.viewer.userId,
        action: 'trainer-path.teach-back-scored',
        entityType: 'trainer_teach_back',
        entityId: teachBackId,
        after: { percent: score.percent, passed: score.passed },
      });
    });
    if (score.passed) await this.paths.certifyIfComplete(access, null);
    return score;
  }

  /** The reference capstones of the course the person is on the path for, with the course's rubric. */
  async calibrationSet(access: PathAccess) {
    const [track, rubric] = await Promise.all([this.track(), this.repository.courseRubric(access.course.id)]);
    const references = track.track.calibration.references.filter((entry) => entry.course === access.course.id);
    if (!rubric || references.length === 0) throw new TrainerPathNotFoundError();
    return { track, rubric, references, passRule: track.track.calibration.passRule };
  }

  /** The trainee grades every reference capstone of the course; the attempt and its agreement are kept. */
  async submitCalibration(
    access: PathAccess,
    grades: Record<string, Record<string, string>>,
  ): Promise<CalibrationAgreement> {
    if (!access.isSelf) throw new TrainerPathNotFoundError();
    await this.requirePractising(access);
    const { track, rubric, references, passRule } = await this.calibrationSet(access);
    for (const reference of references)
      for (const criterion of rubric.criteria) {
        const level = grades[reference.id]?.[criterion.id];
        if (!level || !criterion.levels.some((entry) => entry.id === level))
          throw new TrainerFormInvalidError(
            `${reference.id}.${criterion.id}`,
            `Choose a level for “${criterion.title}” of “${reference.title}”.`,
          );
      }
    const agreement = gradingAgreement(rubric.criteria, references, grades, passRule);
    await this.repository.transaction(async (manager) => {
      const id = await this.repository.insertCalibrationAttempt(manager, {
        instituteId: access.institute.id,
        userId: access.person.userId,
        courseId: access.course.id,
        trackVersionId: track.versionId,
        grades,
        agreed: agreement.agreed,
        total: agreement.total,
        passed: agreement.passed,
      });
      await this.audit.append(manager, {
        instituteId: access.institute.id,
        actorUserId: access.viewer.userId,
        action: 'trainer-path.calibration-submitted',
        entityType: 'trainer_calibration_attempt',
        entityId: id,
        after: { agreed: agreement.agreed, total: agreement.total, passed: agreement.passed },
      });
    });
    if (agreement.passed) await this.paths.certifyIfComplete(access, null);
    return agreement;
  }

  /** The master trainer signs off the co-facilitation of the cohort the person was assigned to. */
  async signOff(access: PathAccess, note: string): Promise<void> {
    if (!access.isMaster || access.isSelf) throw new TrainerPathNotFoundError();
    if ((await this.paths.stageOf(access.person.userId, access.course.id)) !== 'co-facilitator')
      throw new TrainerFormInvalidError('stage', 'Only a co-facilitator’s co-facilitation can be signed off.');
    const cohort = await this.repository.coFacilitationCohort(access.person.userId, access.course.id);
    if (!cohort) throw new TrainerFormInvalidError('cohort', 'The person has no co-facilitation cohort.');
    await this.repository.transaction(async (manager) => {
      await this.repository.insertSignOff(manager, {
        instituteId: access.institute.id,
        userId: access.person.userId,
        courseId: access.course.id,
        cohortId: cohort.id,
        masterUserId: access.viewer.userId,
        note: note.trim().slice(0, 4000),
      });
      await this.audit.append(manager, {
        instituteId: access.institute.id,
        actorUserId: access.viewer.userId,
        action: 'trainer-path.co-facilitation-signed-off',
        entityType: 'trainer_path',
        entityId: `${access.person.userId}:${access.course.id}`,
        after: { cohortId: cohort.id },
      });
    });
    await this.paths.certifyIfComplete(access, access.viewer.userId);
  }

  /** A teach-back file, for the trainee and those who may see their path. */
  async teachBackFile(access: PathAccess, teachBackId: string): Promise<{ name: string; stream: Readable }> {
    const attempts = await this.repository.listTeachBacks(access.person.userId, access.course.id);
    const attempt = attempts.find((entry) => entry.id === teachBackId);
    if (!attempt?.fileKey) throw new TrainerPathNotFoundError();
    const stream = await this.storage.open(attempt.fileKey);
    if (!stream) throw new TrainerPathNotFoundError();
    return { name: attempt.fileName ?? 'teach-back', stream };
  }
}
