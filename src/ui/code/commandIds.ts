// The code-to-ticket commands as contributed in package.json (pure, so tests and the
// webview-free modules can name them without importing vscode).
export const CodeCommands = {
  createTicketFromSelection: 'helpdesk.createTicketFromSelection',
  addSelectionToTicket: 'helpdesk.addSelectionToTicket',
  copyTicketReference: 'helpdesk.copyTicketReference',
  insertTicketReference: 'helpdesk.insertTicketReference',
} as const;

/** The create form's webview type (not restored after a reload: it holds unsent bytes on the host). */
export const CREATE_FORM_VIEW_TYPE = 'helpdesk.createTicket';
