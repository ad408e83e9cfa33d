// Command ids as contributed in package.json, in one place for the tree, panel and
// registration code (pure: the tree model uses them without importing vscode).
export const Commands = {
  addInstance: 'helpdesk.addInstance',
  setCredentials: 'helpdesk.setCredentials',
  removeInstance: 'helpdesk.removeInstance',
  refresh: 'helpdesk.refresh',
  refreshInstance: 'helpdesk.refreshInstance',
  openTicket: 'helpdesk.openTicket',
  loadMore: 'helpdesk.loadMore',
  search: 'helpdesk.search',
  closeSearch: 'helpdesk.closeSearch',
  openSettings: 'helpdesk.openSettings',
  showLog: 'helpdesk.showLog',
  trySandbox: 'helpdesk.trySandbox',
  resetSandbox: 'helpdesk.resetSandbox',
  stopSandbox: 'helpdesk.stopSandbox',
  openInBrowser: 'helpdesk.openInBrowser',
  copyTicketLink: 'helpdesk.copyTicketLink',
} as const;

/** Go to Ticket… and the per-list filter (src/ui/find). */
export const FindCommands = {
  goToTicket: 'helpdesk.goToTicket',
  filterView: 'helpdesk.filterView',
  clearViewFilter: 'helpdesk.clearViewFilter',
} as const;

/** The outbox's rows in the tree (src/ui/offline/outboxView.ts). */
export const OutboxCommands = {
  edit: 'helpdesk.outbox.edit',
  sendNow: 'helpdesk.outbox.sendNow',
  discard: 'helpdesk.outbox.discard',
} as const;

export const VIEW_ID = 'helpdesk.tickets';
export const PANEL_VIEW_TYPE = 'helpdesk.ticket';
