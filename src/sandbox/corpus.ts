// Fictional names, companies and support-desk phrasing for the simulators' seed data.
// Every address is under a reserved example domain (RFC 2606), so nothing here can reach
// a real mailbox. Vendor-neutral: each simulator draws from the same pools.

export const FIRST_NAMES = [
  'Amara', 'Ben', 'Carla', 'Dmitri', 'Elena', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas',
  'Keiko', 'Luca', 'Maya', 'Nils', 'Olga', 'Pavel', 'Quinn', 'Rosa', 'Samir', 'Tara',
  'Umar', 'Vera', 'Wes', 'Xenia', 'Yusuf', 'Zoe', 'Aisha', 'Bruno', 'Chloe', 'Diego',
  'Emil', 'Fatima', 'Gabriel', 'Hana', 'Ivan', 'Julia', 'Kofi', 'Lena', 'Marco', 'Nadia',
  'Oscar', 'Priya', 'Rafael', 'Sofia', 'Tomas', 'Ursula', 'Viktor', 'Wen', 'Yara', 'Zane',
] as const;

export const LAST_NAMES = [
  'Abernathy', 'Brightwater', 'Castellano', 'Dunmore', 'Eskildsen', 'Fairbank', 'Galloway',
  'Holmberg', 'Ivanova', 'Jessup', 'Kowalczyk', 'Lindqvist', 'Marchetti', 'Nakamura',
  'Okonkwo', 'Pellegrini', 'Quartermain', 'Rasmussen', 'Sandoval', 'Thornbury', 'Underhill',
  'Valdivia', 'Whitlock', 'Yamada', 'Zeller', 'Ashdown', 'Brennan', 'Calloway', 'Delacroix',
  'Everly', 'Fontaine', 'Grieve', 'Hartigan', 'Ingram', 'Jovanovic', 'Kerrigan', 'Lockhart',
  'Moreau', 'Novak', 'Oyelaran', 'Prescott', 'Rowntree', 'Stavros', 'Tremaine', 'Voss',
] as const;

export interface Company {
  name: string;
  domain: string;
}

export const COMPANIES: readonly Company[] = [
  { name: 'Northwind Analytics', domain: 'northwind.example' },
  { name: 'Bluefin Logistics', domain: 'bluefin.example' },
  { name: 'Copperleaf Health', domain: 'copperleaf.example' },
  { name: 'Driftwood Studios', domain: 'driftwood.example' },
  { name: 'Emberline Energy', domain: 'emberline.example' },
  { name: 'Foxglove Retail', domain: 'foxglove.example' },
  { name: 'Granite Peak Legal', domain: 'granitepeak.example' },
  { name: 'Harbourview Hotels', domain: 'harbourview.example' },
  { name: 'Ironbridge Manufacturing', domain: 'ironbridge.example' },
  { name: 'Juniper Schools', domain: 'juniper.example' },
  { name: 'Kestrel Aviation', domain: 'kestrel.example' },
  { name: 'Lanternfish Media', domain: 'lanternfish.example' },
];

/** Free-mail style addresses for people without a company. */
export const PERSONAL_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;

export const PRODUCTS = ['Orbit Sync', 'Ledgerly', 'Beacon Reports', 'Quill Editor', 'Atlas Mobile', 'Relay API'] as const;

export const LABELS = ['vip', 'bug', 'feature-request', 'billing', 'onboarding', 'sso', 'mobile', 'api', 'data-export', 'regression'] as const;

export type Topic = 'support' | 'billing' | 'sales' | 'integrations';

/** Subjects with `{product}`, `{n}`, `{version}` and `{code}` slots. */
export const SUBJECTS: Record<Topic, readonly string[]> = {
  support: [
    "Can't log in after password reset",
    '{product} keeps crashing on startup',
    'Sync stuck at 99% since this morning',
    'Export to CSV times out for large reports',
    'Dashboard totals do not match the detail view',
    'Error {code} when installing {product} {version}',
    'Notifications arrive twice',
    'Two-factor codes not accepted',
    'Search returns no results for older items',
    'Attachments fail to upload from Safari',
    'Slow page loads for our EU team',
    'User seats not freed after removing staff',
    'Dark mode makes table text unreadable',
    'Scheduled report was not sent on Monday',
  ],
  billing: [
    'Invoice #{n} charged twice',
    'Please add our VAT number to invoices',
    'Refund for unused seats',
    'Card declined on renewal',
    'Switch from monthly to annual billing',
    'Question about the price change in {version}',
    'Need a copy of invoice #{n}',
    'Cancel add-on before next cycle',
  ],
  sales: [
    'Quote for {n} seats of {product}',
    'Discount for a non-profit?',
    'Trial extension request',
    'Security questionnaire for procurement',
    'Demo of {product} for our leadership team',
    'Moving from a competitor - migration help?',
  ],
  integrations: [
    'Webhook retries are flooding our endpoint',
    '{product} returns 500 on the reports endpoint',
    'SAML SSO redirect loop after IdP change',
    'Rate limit headers missing from responses',
    'OAuth token expires after {n} minutes',
    'Zapier trigger stopped firing',
    'Bulk import rejects UTF-8 names',
    'API pagination skips records',
  ],
};

/** What a customer writes about the problem, by topic. */
export const PROBLEM_LINES: Record<Topic, readonly string[]> = {
  support: [
    'Since the update yesterday nobody on our team can get past the sign-in screen.',
    'It happens every time we open a report with more than a few hundred rows.',
    'We already cleared the cache and tried a different browser, with the same result.',
    'The spinner just keeps going and after a few minutes we get a blank page.',
    'I have attached a screenshot of what we see.',
    'This started on {date} and is affecting about {n} people in our office.',
    'Restarting the app helps for an hour or so, then it happens again.',
    'Our IT team checked the firewall and nothing is being blocked on our side.',
  ],
  billing: [
    'Our card statement shows the same amount twice for this month.',
    'Finance needs the invoices to show our company registration and VAT number.',
    'We reduced the team from {n} to {m} people last month but are still billed for all seats.',
    'The renewal failed although the card is valid until next year.',
    'Could you confirm which plan we are on and when it renews?',
  ],
  sales: [
    'We are evaluating {product} for roughly {n} users across three offices.',
    'Procurement asked whether you offer discounts for annual prepayment.',
    'Could someone walk us through the admin features next week?',
    'We need the answers to the attached security questionnaire before we can sign.',
  ],
  integrations: [
    'Our endpoint received the same event {n} times within a minute.',
    'The call works in the sandbox but fails in production with a 500.',
    'After we rotated the IdP certificate users bounce between the two login pages.',
    'The response no longer includes the X-RateLimit-Remaining header.',
    'Records between page {n} and {m} never show up in our sync.',
    'I have attached the request log from our side.',
  ],
};

export const CUSTOMER_FOLLOW_UPS = [
  'Thanks for the quick reply. I tried that but unfortunately it made no difference.',
  'That worked for most of the team, but two people still see the problem.',
  'Any update on this? It is starting to block our month-end work.',
  'I can confirm it is fixed on our side now. Thanks a lot!',
  'Here is the additional information you asked for.',
  'We tried again this morning and got a slightly different error this time.',
  'Could you escalate this please? Our director is asking about it.',
  'Sorry for the slow reply, I was out of the office.',
] as const;

export const AGENT_REPLIES = [
  'Thanks for reaching out and for the details. I have reproduced the problem on our side and passed it to the engineering team.',
  'Could you send us the exact time it last happened and the browser version you are using? That will help us find it in our logs.',
  'We rolled out a fix for this earlier today. Could you try again and let me know whether it works for you now?',
  'I have updated your account as requested; the change will show on your next invoice.',
  'This is a known issue in the current release and a fix is scheduled for the next update.',
  'As a workaround, you can sign out, clear the site data and sign back in. That resets the session token.',
  'I have refunded the duplicate charge; it can take up to five working days to appear on your statement.',
  'I am going to mark this as resolved, but just reply to this email if anything else comes up.',
  'I have attached a short guide with the steps. Let me know if anything is unclear.',
] as const;

export const AGENT_NOTES = [
  'Checked the logs: the errors start right after the 02:00 deploy.',
  'Customer is on the legacy plan; billing team needs to approve the refund.',
  'Same root cause as the SSO tickets from last week. Linking them.',
  'Escalated to engineering, waiting for an ETA.',
  'Called the customer, they confirmed the workaround is fine for now.',
  'VIP account - keep the reply time under 4 hours.',
  'Could not reproduce on staging. Asked for a HAR file.',
] as const;

export const GREETINGS_CUSTOMER = ['Hi,', 'Hello,', 'Hi team,', 'Good morning,', 'Hello support,', 'Hey there,'] as const;
export const SIGN_OFFS_CUSTOMER = ['Thanks,', 'Best regards,', 'Cheers,', 'Kind regards,', 'Many thanks,'] as const;
export const SIGN_OFFS_AGENT = ['Best regards,', 'Kind regards,', 'All the best,', 'Thanks,'] as const;

export const JOB_TITLES = ['Office Manager', 'IT Administrator', 'Head of Finance', 'Operations Lead', 'Developer', 'Product Owner', 'Accountant'] as const;
