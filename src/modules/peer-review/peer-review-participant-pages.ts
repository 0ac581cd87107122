import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PageResponder } from '../../common/http/page-responder.js';
import { cohortPath } from '../cohorts/learning.service.js';
import type { ParticipantPeerReview } from './peer-reviews.service.js';

/** Where a participant's peer-review pages live: `/i/<institute>/cohorts/<id>/peer-review`. */
export function participantPeerReviewPath(participant: ParticipantPeerReview): string {
  const { access } = participant.context;
  return `${cohortPath(access.institute.slug, access.cohort.id)}/peer-review`;
}

/** A participant's peer-review page (reviews, feedback, calibration): the cohort's trail, language and a CSRF token. */
export function renderParticipantPeerReviewPage(
  responder: PageResponder,
  request: FastifyRequest,
  reply: FastifyReply,
  participant: ParticipantPeerReview,
  view: string,
  heading: string,
  model: object,
  status = 200,
) {
  const { access } = participant.context;
  const base = cohortPath(access.institute.slug, access.cohort.id);
  return responder.render(
    request,
    reply,
    view,
    {
      title: `${heading} · ${access.cohort.title}`,
      trail: [
        { href: '/learn', label: responder.t(request, 'cohorts.learn.title') },
        { href: base, label: access.cohort.title },
        { href: `${base}/peer-review/reviews`, label: responder.t(request, 'peerReview.nav.reviews') },
      ],
    },
    { ...model, csrfToken: reply.generateCsrf() },
    status,
  );
}
