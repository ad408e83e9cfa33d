// Every API route, in the order the real server registers them (routing.yml order, then
// each service's annotated methods in declaration order): the order decides which
// route answers a path, and which verbs a 405 lists. The same table serves both guards;
// the front-end routes exist only under /api/diamante/rest, OroPlatform's own user routes
// only under /api/rest.
import type { Route } from './router';
import { addCommentAttachments, addTicketAttachments, getCommentAttachment, getTicketAttachment, listCommentAttachments, listTicketAttachments, removeCommentAttachment, removeTicketAttachment } from './routes/attachments';
import { createBranch, deleteBranch, getBranch, listBranches, updateBranch } from './routes/branches';
import { deleteComment, getComment, getCommentAuthor, listComments, postComment, updateComment } from './routes/comments';
import { createTicket, deleteTicket, deleteTicketByKey, getTicket, getTicketAssignee, getTicketByKey, getTicketReporter, listTickets, searchTickets, updateTicket, updateTicketByKey } from './routes/tickets';
import { filterPlatformUser, getPlatformUser, listPlatformUsers } from './routes/platform';
import { createUser, deleteUser, getCurrentUser, getUserByEmail, getUserById, listUsers, updateCurrentUser, updateUser } from './routes/users';

const ID = { id: '\\d+' };
const KEY = { key: '.*-[0-9]+' };
const TICKET_ATTACHMENT = { ticketId: '\\d+', attachmentId: '\\d+' };
const COMMENT_ATTACHMENT = { commentId: '\\d+', attachmentId: '\\d+' };

export const ROUTES: readonly Route[] = [
  { name: 'listAllBranches', path: '/branches', methods: ['GET'], handler: listBranches },
  { name: 'getBranch', path: '/branches/{id}', requirements: ID, methods: ['GET'], handler: getBranch },
  { name: 'createBranch', path: '/branches', methods: ['POST'], handler: createBranch },
  { name: 'updateProperties', path: '/branches/{id}', requirements: ID, methods: ['PUT', 'PATCH'], handler: updateBranch },
  { name: 'deleteBranch', path: '/branches/{id}', requirements: ID, methods: ['DELETE'], handler: deleteBranch },

  { name: 'loadTicket', path: '/tickets/{id}', requirements: ID, methods: ['GET'], handler: getTicket },
  { name: 'loadTicketByKey', path: '/tickets/{key}', requirements: KEY, methods: ['GET'], handler: getTicketByKey },
  { name: 'listTicketAttachments', path: '/tickets/{id}/attachments', requirements: ID, methods: ['GET'], handler: listTicketAttachments },
  { name: 'getTicketAttachment', path: '/tickets/{ticketId}/attachments/{attachmentId}', requirements: TICKET_ATTACHMENT, methods: ['GET'], handler: getTicketAttachment },
  { name: 'createTicket', path: '/tickets', methods: ['POST'], handler: createTicket },
  { name: 'addAttachmentsForTicket', path: '/tickets/{ticketId}/attachments', requirements: { ticketId: '\\d+' }, methods: ['POST'], handler: addTicketAttachments },
  { name: 'removeAttachmentFromTicket', path: '/tickets/{ticketId}/attachments/{attachmentId}', requirements: TICKET_ATTACHMENT, methods: ['DELETE'], handler: removeTicketAttachment },
  { name: 'deleteTicket', path: '/tickets/{id}', requirements: ID, methods: ['DELETE'], handler: deleteTicket },
  { name: 'deleteTicketByKey', path: '/tickets/{key}', requirements: KEY, methods: ['DELETE'], handler: deleteTicketByKey },
  { name: 'updateProperties', path: '/tickets/{id}', requirements: ID, methods: ['PUT', 'PATCH'], handler: updateTicket },
  { name: 'updatePropertiesByKey', path: '/tickets/{key}', requirements: KEY, methods: ['PUT', 'PATCH'], handler: updateTicketByKey },
  { name: 'listAllTickets', path: '/tickets', methods: ['GET'], handler: listTickets },
  { name: 'searchTickets', path: '/tickets/search', methods: ['GET'], handler: searchTickets },
  { name: 'getReporterForTicket', path: '/ticket/{id}/reporter', requirements: ID, methods: ['GET'], handler: getTicketReporter },
  { name: 'getAssigneeForTicket', path: '/ticket/{id}/assignee', requirements: ID, methods: ['GET'], handler: getTicketAssignee },

  { name: 'loadComment', path: '/comments/{id}', requirements: ID, methods: ['GET'], handler: getComment },
  { name: 'postNewCommentForTicket', path: '/comments', methods: ['POST'], handler: postComment },
  { name: 'addCommentAttachment', path: '/comments/{commentId}/attachments', requirements: { commentId: '\\d+' }, methods: ['POST'], handler: addCommentAttachments },
  { name: 'listCommentAttachment', path: '/comments/{id}/attachments', requirements: ID, methods: ['GET'], handler: listCommentAttachments },
  { name: 'getCommentAttachment', path: '/comments/{commentId}/attachments/{attachmentId}', requirements: COMMENT_ATTACHMENT, methods: ['GET'], handler: getCommentAttachment },
  { name: 'updateCommentContentAndTicketStatus', path: '/comments/{id}', requirements: ID, methods: ['PUT', 'PATCH'], handler: updateComment },
  { name: 'deleteTicketComment', path: '/comments/{id}', requirements: ID, methods: ['DELETE'], handler: deleteComment },
  { name: 'removeAttachmentFromComment', path: '/comments/{commentId}/attachments/{attachmentId}', requirements: COMMENT_ATTACHMENT, methods: ['DELETE'], handler: removeCommentAttachment },
  { name: 'listAllComments', path: '/comments', methods: ['GET'], handler: listComments },
  { name: 'getAuthorData', path: '/comment/{id}/author', requirements: ID, methods: ['GET'], handler: getCommentAuthor },

  { name: 'getCurrentUser', path: '/users/current', methods: ['GET'], handler: getCurrentUser, only: 'diamante' },
  { name: 'update', path: '/users/current', methods: ['PATCH', 'PUT'], handler: updateCurrentUser, only: 'diamante' },

  { name: 'createDiamanteUser', path: '/users', methods: ['POST'], handler: createUser },
  { name: 'getUser', path: '/users/{email}/', methods: ['GET'], handler: getUserByEmail },
  { name: 'getDiamanteUserById', path: '/users/{id}', requirements: ID, methods: ['GET'], handler: getUserById },
  { name: 'getUsers', path: '/users', methods: ['GET'], handler: listUsers },
  { name: 'updateDiamanteUser', path: '/users/{id}', requirements: ID, methods: ['PUT', 'PATCH'], handler: updateUser },
  { name: 'removeDiamanteUser', path: '/users/{id}', requirements: ID, methods: ['DELETE'], handler: deleteUser },

  // OroUserBundle's REST UserController (read routes only: the simulator has no user admin).
  { name: 'oro_api_get_users', path: '/users', methods: ['GET'], handler: listPlatformUsers, only: 'oro', base: 'platform' },
  { name: 'oro_api_get_user', path: '/users/{id}', requirements: { id: '[^/.]+' }, methods: ['GET'], handler: getPlatformUser, only: 'oro', base: 'platform' },
  { name: 'oro_api_get_user_filter', path: '/user/filter', methods: ['GET'], handler: filterPlatformUser, only: 'oro', base: 'platform' },
];
