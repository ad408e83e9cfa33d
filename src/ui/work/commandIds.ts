// The start-work commands as contributed in package.json (pure, so tests can name them).
export const WorkCommands = {
  startWork: 'helpdesk.startWork',
  referenceTicketInCommit: 'helpdesk.referenceTicketInCommit',
  forgetStartWorkChoices: 'helpdesk.forgetStartWorkChoices',
} as const;

/** The setting with the branch name pattern. */
export const BRANCH_PATTERN_SETTING = 'startWork.branchName';
