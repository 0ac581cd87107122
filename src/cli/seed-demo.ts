/**
 * Demo data for `npm run local`. Courses come from content/ (content:import); accounts, institutes and
 * cohorts do not exist yet in this build, so there is nothing to log in with: every page is public.
 */
console.log('Demo log-ins: none yet. Accounts, institutes and cohorts are not built; every page is public.');
