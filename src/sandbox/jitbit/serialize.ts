// Records → the JSON Jitbit sends: PascalCase names, ISO dates, and the derived fields
// (submitter and technician names, category and status titles) repeated on every item.
// Field sets follow the seed's examples; each call builds fresh objects.
import {
  commentsOf,
  fileWebUrl,
  filesOf,
  formatDate,
  formatDateOrNull,
  fullName,
  statusName,
  STATUS_CLOSED,
  type CategoryRecord,
  type CommentRecord,
  type FileRecord,
  type JitbitState,
  type TicketRecord,
  type UserRecord,
} from './state';

function companyName(state: JitbitState, user: UserRecord | undefined): string | null {
  return user?.companyId == null ? null : (state.companies.get(user.companyId)?.name ?? null);
}

/** What the seed's `FullNameAndLogin` suggests: the name with the login, or just the login. */
function fullNameAndLogin(user: UserRecord): string {
  const name = fullName(user);
  return name === '' || name === user.username ? user.username : `${name} (${user.username})`;
}

/** The user object /api/Authorization returns (and tickets embed as *UserInfo). */
export function userInfoJson(state: JitbitState, user: UserRecord): Record<string, unknown> {
  return {
    UserID: user.id,
    Username: user.username,
    Email: user.email,
    FirstName: user.firstName,
    LastName: user.lastName,
    Notes: user.notes,
    Location: user.location,
    Phone: user.phone,
    Department: user.department,
    CompanyName: companyName(state, user),
    IPAddress: user.ipAddress,
    HostName: user.ipAddress,
    Lang: user.lang,
    UserAgent: user.userAgent,
    AvatarURL: null,
    Signature: user.signature,
    Greeting: user.greeting,
    CompanyId: user.companyId,
    IsAdmin: user.isAdmin,
    Disabled: user.disabled,
    SendEmail: true,
    IsTech: user.isTech,
    LastSeen: formatDateOrNull(user.lastSeen),
    IsManager: user.isManager,
  };
}

/** /api/UserByEmail and /api/UserByUsername: every detail, the password always null. */
export function userDetailJson(state: JitbitState, user: UserRecord): Record<string, unknown> {
  const { UserID, Username, ...rest } = userInfoJson(state, user);
  return {
    UserID,
    Username,
    Password: null,
    ...rest,
    CompanyNotes: null,
    PushToken: null,
    FullNameAndLogin: fullNameAndLogin(user),
    FullName: fullName(user) || user.username,
  };
}

/** An item of /api/Users. */
export function userListJson(state: JitbitState, user: UserRecord): Record<string, unknown> {
  return {
    UserID: user.id,
    FirstName: user.firstName,
    LastName: user.lastName,
    Notes: user.notes === '' ? null : user.notes,
    Location: user.location,
    Phone: user.phone,
    CompanyName: companyName(state, user),
    CompanyId: user.companyId,
    DepartmentID: null,
    LastSeen: formatDateOrNull(user.lastSeen),
    Username: user.username,
    Email: user.email,
    IsAdmin: user.isAdmin,
    Disabled: user.disabled,
  };
}

export function techJson(state: JitbitState, user: UserRecord): Record<string, unknown> {
  let assigned = 0;
  for (const ticket of state.tickets.values()) if (ticket.assignedToUserId === user.id && ticket.statusId !== STATUS_CLOSED) assigned++;
  return {
    UserID: user.id,
    Username: user.username,
    FirstName: user.firstName,
    LastName: user.lastName,
    TicketsAssigned: assigned,
    FullNameAndLogin: fullNameAndLogin(user),
    FullName: fullName(user) || user.username,
  };
}

export function categoryJson(category: CategoryRecord): Record<string, unknown> {
  return {
    CategoryID: category.id,
    Name: category.name,
    SectionID: category.sectionId,
    Section: category.section,
    NameWithSection: category.section ? `${category.section} \\ ${category.name}` : category.name,
    ForTechsOnly: category.forTechsOnly,
    FromAddress: category.fromAddress,
  };
}

function customFieldValues(state: JitbitState, ticket: TicketRecord): Array<Record<string, unknown>> {
  const values: Array<Record<string, unknown>> = [];
  for (const field of state.customFields) {
    const value = ticket.customFields.get(field.id);
    if (value === undefined) continue;
    const option = field.options?.find((o) => String(o.id) === value);
    values.push({ FieldName: field.name, FieldID: field.id, Type: field.type, UsageType: 1, Value: value, ValueWithOption: option ? option.name : value, Mandatory: field.mandatory });
  }
  return values;
}

/** An item of /api/Tickets and /api/Search (the seed's list shape). */
export function ticketListJson(state: JitbitState, ticket: TicketRecord, includeCustomFields = false): Record<string, unknown> {
  const submitter = state.users.get(ticket.userId);
  const tech = ticket.assignedToUserId === null ? undefined : state.users.get(ticket.assignedToUserId);
  const category = state.categories.get(ticket.categoryId);
  const updater = ticket.lastUpdatedByUserId === null ? undefined : state.users.get(ticket.lastUpdatedByUserId);
  const item: Record<string, unknown> = {
    IssueID: ticket.id,
    Priority: ticket.priority,
    StatusID: ticket.statusId,
    IssueDate: formatDate(ticket.issueDate),
    Subject: ticket.subject,
    Status: statusName(state, ticket.statusId),
    UpdatedByUser: ticket.updatedByUser,
    UpdatedByPerformer: ticket.updatedByPerformer,
    CategoryID: ticket.categoryId,
    UserName: submitter?.username ?? null,
    Technician: tech ? fullName(tech) || tech.username : null,
    FirstName: submitter?.firstName ?? '',
    LastName: submitter?.lastName ?? '',
    DueDate: formatDateOrNull(ticket.dueDate),
    TechFirstName: tech?.firstName ?? null,
    TechLastName: tech?.lastName ?? null,
    LastUpdated: formatDate(ticket.lastUpdated),
    UpdatedForTechView: ticket.updatedForTechView,
    UserID: ticket.userId,
    CompanyID: submitter?.companyId ?? null,
    CompanyName: companyName(state, submitter),
    AssignedToUserID: ticket.assignedToUserId,
    ResolvedDate: formatDateOrNull(ticket.resolvedDate),
    SectionID: category?.sectionId ?? null,
    Category: category?.name ?? null,
    Origin: ticket.origin,
    Email: submitter?.email ?? null,
    HasChildren: false,
    LastUpdatedByUserID: ticket.lastUpdatedByUserId,
    LastUpdatedUsername: updater?.username ?? null,
    StartDate: formatDateOrNull(ticket.startDate),
  };
  if (includeCustomFields) item.CustomFields = customFieldValues(state, ticket);
  return item;
}

export function attachmentJson(state: JitbitState, file: FileRecord): Record<string, unknown> {
  return {
    FileName: file.fileName,
    FileData: null,
    FileID: file.id,
    CommentID: file.commentId,
    CommentDate: formatDate(file.date),
    FileHash: null,
    FileSize: file.data.length,
    IssueID: file.ticketId,
    UserID: file.userId,
    GoogleDriveUrl: null,
    ForTechsOnly: file.forTechsOnly,
    Url: fileWebUrl(state, file.id),
  };
}

/** GET /api/ticket?id=: the ticket with its files and tags, without the comments. */
export function ticketDetailJson(state: JitbitState, ticket: TicketRecord, caller: UserRecord): Record<string, unknown> {
  const submitter = state.users.get(ticket.userId);
  const tech = ticket.assignedToUserId === null ? undefined : state.users.get(ticket.assignedToUserId);
  const category = state.categories.get(ticket.categoryId);
  // Files of tech-only comments are for technicians' eyes only.
  const files = filesOf(state, ticket.id).filter((file) => caller.isTech || !file.forTechsOnly);
  return {
    Attachments: files.map((file) => attachmentJson(state, file)),
    // The seed shows TagCount 0 here: counts are only filled in where tags are listed.
    Tags: ticket.tags.map((name) => ({ TagID: state.tags.get(name.toLowerCase())?.id ?? 0, Name: name, TagCount: 0 })),
    Status: statusName(state, ticket.statusId),
    OnBehalfUserName: null,
    SubmitterUserInfo: submitter ? userInfoJson(state, submitter) : null,
    CategoryName: category?.name ?? null,
    AssigneeUserInfo: tech ? userInfoJson(state, tech) : null,
    TicketID: ticket.id,
    UserID: ticket.userId,
    AssignedToUserID: ticket.assignedToUserId,
    IssueDate: formatDate(ticket.issueDate),
    Subject: ticket.subject,
    Body: ticket.body,
    Priority: ticket.priority,
    StatusID: ticket.statusId,
    CategoryID: ticket.categoryId,
    DueDate: formatDateOrNull(ticket.dueDate),
    ResolvedDate: formatDateOrNull(ticket.resolvedDate),
    StartDate: formatDateOrNull(ticket.startDate),
    TimeSpentInSeconds: ticket.timeSpentInSeconds,
    UpdatedByUser: ticket.updatedByUser,
    UpdatedByPerformer: ticket.updatedByPerformer,
    UpdatedForTechView: ticket.updatedForTechView,
    IsCurrentUserTechInThisCategory: category?.techIds.includes(caller.id) ?? false,
    IsCurrentCategoryForTechsOnly: category?.forTechsOnly ?? false,
    SubmittedByCurrentUser: ticket.userId === caller.id,
    IsInKb: false,
    Stats: null,
  };
}

export function commentJson(state: JitbitState, comment: CommentRecord): Record<string, unknown> {
  const author = state.users.get(comment.userId);
  return {
    CommentID: comment.id,
    IssueID: comment.ticketId,
    UserID: comment.userId,
    UserName: author?.username ?? null,
    Email: author?.email ?? null,
    FirstName: author?.firstName ?? '',
    LastName: author?.lastName ?? '',
    IsSystem: comment.isSystem,
    CommentDate: formatDate(comment.date),
    ForTechsOnly: comment.forTechsOnly,
    Body: comment.body,
    TicketSubject: null,
    Recipients: comment.recipients,
  };
}

/** Comments a caller may see, oldest first. */
export function visibleComments(state: JitbitState, ticketId: number, caller: UserRecord): CommentRecord[] {
  return commentsOf(state, ticketId).filter((comment) => caller.isTech || !comment.forTechsOnly);
}
