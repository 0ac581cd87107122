import type { DataSource } from 'typeorm';
import { AuditRepository } from '../../modules/audit/audit.repository.js';
import type { CapstoneDefinition } from '../../modules/capstones/domain/capstone.types.js';
import type { CalibrationReference } from '../../modules/peer-review/domain/calibration.js';
import { PeerReviewCalibrationRepository } from '../../modules/peer-review/peer-review-calibration.repository.js';

interface DemoExample {
  cohortTitle: string;
  trainer: string;
  title: string;
  planText: string;
  /** criterion id → [level id, why]. */
  reference: Record<string, [string, string]>;
}

/**
 * Example plans written for calibration: neither is a participant's work, and each is uneven on purpose (strong
 * on some criteria, weak on others) so that a participant's levels can be compared criterion by criterion.
 */
const EXAMPLES: DemoExample[] = [
  {
    cohortTitle: 'School resource allocation, Kathmandu cohort',
    trainer: 'trainer@np.demo.cascade.test',
    title: 'A weighted grant for the 18 schools of a hill municipality',
    planText: [
      'Needs. The municipality has 18 basic schools and 3,420 pupils (school census, Flash I report, 2025). Pupil-teacher ratios run from 21 in the two bazaar schools to 47 in the four schools above 1,800 metres. Grade 8 pass rates in mathematics are 41% in those four schools and 63% elsewhere. Non-salary spending per pupil was NPR 1,150 in the bazaar schools and NPR 780 in the high schools last year, because the grant followed enrolment and the bazaar schools report more pupils.',
      'Allocation model. From next year the non-salary grant (NPR 3.2 million) is shared by weighted pupil: every pupil counts 1.0; a pupil in a school more than two hours’ walk from the road counts 1.3; a pupil from a household on the poverty register counts 1.2. We will also give extra to small schools.',
      'Budget and forecast. The plan needs NPR 600,000 for teacher allowances to move four teachers uphill, paid from the municipality’s own revenue. Enrolment is expected to stay about the same. Next year looks affordable.',
      'Equity. The four high schools gain most. Other schools should not lose much because the pool is the same.',
      'Implementation. The head teachers’ meeting in Shrawan agrees the weights; the education section recalculates the grants in Bhadra; the four teachers move at the start of the second term. The education officer leads each step.',
      'Monitoring and communication. Each term the education section compares ratios and grant per pupil by school and reports to the municipal education committee. A one-page note in Nepali goes to every school management committee before the grants are paid.',
    ].join('\n\n'),
    reference: {
      'evidence-of-need': [
        'proficient',
        'Dated, sourced figures by school for staffing, spending and results, and the gap the plan targets follows from them. Not exemplary: one source only, and its weakness (inflated enrolment, which it hints at) is not examined.',
      ],
      'allocation-model': [
        'developing',
        'Weights are given, but not justified from the data, the small-school top-up has no size, and there is no worked example of one school’s grant.',
      ],
      'budget-and-forecast': [
        'beginning',
        'One cost line with a source, but no forecast beyond next year, no enrolment or revenue figures, and the recurrent cost of the allowances is not carried forward.',
      ],
      equity: [
        'developing',
        'The gaps are measured, but the plan’s effect on them is asserted, and the schools that lose are not named or quantified.',
      ],
      'optimization-and-implementation': [
        'proficient',
        'A clear sequence with months and a lead for each step, and the redeployment is a real optimization of existing staff rather than new spending.',
      ],
      'monitoring-and-communication': [
        'proficient',
        'Indicators, frequency, a body that reviews them, and communication in the right language to the committees before the money moves.',
      ],
    },
  },
  {
    cohortTitle: 'Education networks and clusters, Dakar cohort',
    trainer: 'trainer@sn.demo.cascade.test',
    title: 'Reading in the early grades across a rural cluster of nine schools',
    planText: [
      'Need. The cluster has nine primary schools and 2,150 pupils. In the 2025 regional reading assessment, 58% of CE1 pupils in the cluster could not read a short text, against 44% in the département. The three schools more than 15 km from the cluster centre are the weakest (71%). Teachers at the last cluster meeting said that most lessons in CI and CP are taught from the board with one reader for three pupils.',
      'Goal and objectives. Every child reads by the end of CE1. Objective 1: reduce the share of CE1 pupils who cannot read a short text from 58% to 45% by June 2027 (regional assessment). Objective 2: by March 2027, every CI–CE1 teacher uses the cluster’s reading routine at least four times a week (observation grid).',
      'Activities. (1) Two-day training of 27 CI–CE1 teachers on the reading routine, October, led by the cluster’s pedagogical adviser. (2) Monthly peer observation in pairs of schools, November to May, led by the head teachers. (3) A rotating box of 300 levelled readers that spends a month in each school, starting with the three remote schools, managed by the cluster secretary.',
      'Budget. Training XOF 810,000 (27 teachers × 2 days × XOF 15,000); readers XOF 1,200,000; transport of the box XOF 180,000. Funding: the cluster’s school grants and a request to a partner NGO.',
      'Stakeholders. The head teachers were told about the plan at the cluster meeting. Parents will be informed through the school management committees.',
      'Monitoring. The adviser collects the observation grids each month. The cluster will review progress at the end of the year.',
    ].join('\n\n'),
    reference: {
      'evidence-of-need': [
        'proficient',
        'Results data with source and year, compared with the département, a gap located in the remote schools, and teachers’ observations on practice: two kinds of evidence behind one priority.',
      ],
      coherence: [
        'proficient',
        'Both objectives have a baseline, a target and a date; each activity serves them, and the budget lines match the activities. Not exemplary: it does not say why the routine should move the reading result.',
      ],
      feasibility: [
        'developing',
        'Leads, months and unit costs are given, but half the money depends on an unconfirmed NGO request and nothing says what is cut if it does not come.',
      ],
      equity: [
        'proficient',
        'The gap is broken down by remote and central schools and the book rotation starts with the three remote schools. A KPI on the remote schools’ gap would make it exemplary.',
      ],
      'stakeholder-ownership': [
        'beginning',
        'Head teachers and parents are informed, not involved; nobody approves or oversees the plan.',
      ],
      'monitoring-and-sustainability': [
        'developing',
        'Grids are collected monthly by a named person, but the review has no date or decisions attached, and nothing keeps the routine going after the year.',
      ],
    },
  },
];

/**
 * Gives each demo cohort one calibration example, created by its trainer, so that a participant of a fresh
 * `npm run local` meets calibration before reviewing. Left alone when the cohort has any example (even retired),
 * or when its capstone rubric is not the one these references were written for.
 */
export async function seedDemoCalibration(dataSource: DataSource): Promise<string[]> {
  const repository = new PeerReviewCalibrationRepository(dataSource);
  const audit = new AuditRepository();
  const created: string[] = [];
  for (const demo of EXAMPLES) {
    await dataSource.transaction(async (manager) => {
      const [found] = await manager.query<
        { institute_id: string; cohort_id: string; trainer_id: string; capstone: CapstoneDefinition | null }[]
      >(
        `SELECT c.institute_id, c.id AS cohort_id, u.id AS trainer_id, cv.capstone
         FROM cohorts c JOIN course_versions cv ON cv.id = c.course_version_id, users u
         WHERE c.title = $1 AND u.email = $2
         FOR UPDATE OF c`,
        [demo.cohortTitle, demo.trainer],
      );
      if (!found?.capstone) return;
      const [{ count }] = await manager.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM peer_review_calibration_examples WHERE cohort_id = $1`,
        [found.cohort_id],
      );
      if (count > 0) return;
      const criteria = found.capstone.rubric.criteria;
      const fits = criteria.every((criterion) =>
        criterion.levels.some((level) => level.id === demo.reference[criterion.id]?.[0]),
      );
      if (!fits) return;
      const reference: CalibrationReference[] = criteria.map((criterion) => ({
        criterionId: criterion.id,
        levelId: demo.reference[criterion.id][0],
        explanation: demo.reference[criterion.id][1],
      }));
      const id = await repository.insertExample(
        manager,
        found.institute_id,
        found.cohort_id,
        { title: demo.title, planText: demo.planText, reference },
        found.trainer_id,
      );
      await audit.append(manager, {
        instituteId: found.institute_id,
        actorUserId: found.trainer_id,
        action: 'peer-review.calibration-example-created',
        entityType: 'peer-review-calibration-example',
        entityId: id,
        after: { cohortId: found.cohort_id, title: demo.title, reference, seeded: true },
      });
      created.push(demo.cohortTitle);
    });
  }
  return created;
}
