// The console's help content, in one place: what each page and each
// term the console uses means, in plain language, with where to read
// more. The help panel (the app layout's tools) shows one topic at a time;
// Info links name the topic they open.

export interface HelpLink {
  text: string;
  /** AWS documentation (opens in a new tab), or a console path ("/audit"). */
  href: string;
}

export interface HelpTopic {
  title: string;
  /** A few short paragraphs, plain text. */
  paragraphs: string[];
  links?: HelpLink[];
}

const AWS_EXTERNAL_ID = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html";
const AWS_STACKS = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacks.html";
const AWS_STACKSETS = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/what-is-cfnstacksets.html";
const AWS_REGIONS = "https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html";
const AWS_SCHEDULES = "https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html";
const AWS_ORGANIZATIONS = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_introduction.html";

export const HELP = {
  console: {
    title: "CloudCensus",
    paragraphs: [
      "CloudCensus takes an inventory of your AWS accounts: it reads what exists in each account and region, and turns it into a Word report and exports.",
      "Start a scan from Tasks, follow it on its page, then download its report. Credentials say how CloudCensus gets into each account, always read-only.",
    ],
    links: [
      { text: "Dashboard", href: "/" },
      { text: "Tasks", href: "/tasks" },
    ],
  },

  // The pages of the side navigation (routes.ts maps each to its topic).
  dashboard: {
    title: "Dashboard",
    paragraphs: [
      "The dashboard counts your tasks and shows the scans running now with their progress, then the latest tasks and reports.",
      "The time zone control sets how every time in the console is shown: your browser's local time or UTC. The choice is kept in this browser.",
    ],
    links: [{ text: "Tasks", href: "/tasks" }],
  },
  tasks: {
    title: "Tasks",
    paragraphs: [
      "A task is one scan: the accounts of the credentials you chose, in the regions you chose. It ends completed, partially completed, failed or cancelled.",
      "A scan is split into units, one account in one region each, which run side by side. The list shows each task's progress while it runs.",
      "Cancel stops a running task; delete removes a finished one with its results and report. A button stays disabled, with the reason, when your role may not act on that task.",
    ],
  },
  reports: {
    title: "Reports",
    paragraphs: [
      "Each task that finishes builds a Word report of what it found: the project details on the cover, then the resources of every service, account and region.",
      "A report is built on the report template chosen when the scan started. Reports older than the workspace's retention are deleted.",
    ],
    links: [
      { text: "Report templates", href: "/templates" },
      { text: "Settings (retention)", href: "/settings" },
    ],
  },
  templates: {
    title: "Report templates",
    paragraphs: [
      "A report template is a Word document that sets a report's cover, styles, header, footer and logo. CloudCensus fills in the placeholders and adds the inventory.",
      "Start from the built-in template, restyle it in Word, and upload it. An upload with a placeholder CloudCensus does not know is refused, with the reason.",
      "The default template is used by new scans that choose none. Changing it does not change reports already built.",
    ],
  },
  exports: {
    title: "Exports",
    paragraphs: [
      "Exports are your background jobs: inventory exports (CSV or Excel), audit log exports and report rebuilds. They run on the server, so you may leave the page.",
      "A finished file downloads through a link that lives ten minutes; downloading again from here asks for a fresh one.",
    ],
  },
  schedules: {
    title: "Schedules",
    paragraphs: [
      "A schedule starts the same scan on its own: at a rate, on a cron expression, or once. Each task it starts is named after it.",
      "A run is skipped while the previous scan of the schedule still runs. The channels you choose are told when a run completes, fails or is skipped.",
      "A new schedule starts with the project details of the last scan started in this browser; change them as needed.",
    ],
    links: [
      { text: "EventBridge Scheduler schedule types", href: AWS_SCHEDULES },
      { text: "Notification channels", href: "/notifications" },
    ],
  },
  notifications: {
    title: "Notification channels",
    paragraphs: [
      "A channel is where CloudCensus tells you about events: Slack, Microsoft Teams, DingTalk, e-mail, or a webhook of your own that receives signed JSON.",
      "Each channel hears about the events you pick: scans that complete, partially complete or fail, changes found since the previous scan, skipped scheduled runs and security alerts.",
      "Send a test from a channel's page to check the receiver answers. A channel whose receiver keeps failing shows its last error.",
    ],
  },
  credentials: {
    title: "Credentials",
    paragraphs: [
      "A credential is how CloudCensus gets into an AWS account: most often a read-only scanner role in that account, which CloudCensus assumes with the credential's external id.",
      "An organization credential covers every account of an AWS Organization: a role in the management account lists the accounts, and a role in each member account is scanned.",
      "Validate a credential to check CloudCensus can reach its account before you scan. The base role is the principal CloudCensus assumes the scanner roles from.",
    ],
    links: [{ text: "Using an external id (AWS IAM)", href: AWS_EXTERNAL_ID }],
  },
  settings: {
    title: "Settings",
    paragraphs: [
      "Settings apply to the whole workspace. Report retention deletes reports older than the number of days you set; the retention job runs daily at 03:00 UTC and writes what it deletes to the audit log.",
      "Exclusions are scope rules every scan of the workspace applies. The default report template is chosen on Report templates.",
    ],
    links: [{ text: "Report templates", href: "/templates" }],
  },
  approvals: {
    title: "Approvals",
    paragraphs: [
      "Some operations wait for approval before they run: those an approval workflow names, and access requests. The request holds the call until its approvers decide.",
      "Awaiting me lists what you may decide now. A request's page shows what it would change against how things are now, its steps, and its history.",
      "An approved request runs as its requester; a rejected or expired one never runs. Its requester may cancel it while it waits.",
    ],
    links: [{ text: "Approval workflows", href: "/approvals/workflows" }],
  },
  "approval-workflows": {
    title: "Approval workflows",
    paragraphs: [
      "A workflow names an operation, such as deleting a credential, that waits for approval, and the steps that approve it, one after the other.",
      "Each step is approved by people with a given role, or by a named user, within a number of minutes; a step not decided in time expires the request. Nobody approves their own request.",
    ],
  },
  grants: {
    title: "Temporary grants",
    paragraphs: [
      "A temporary grant is a permission an approved access request gave someone for a number of hours. It ends by itself when its time is up.",
      "Revoke ends a grant now; the permission stops working within seconds.",
    ],
  },
  alerts: {
    title: "Security alerts",
    paragraphs: [
      "The security monitor reads the audit log every minute and raises an alert when one of its rules matches, such as repeated failed sign-ins or a change of permissions.",
      "Acknowledge an alert to say someone is looking into it; resolve it with a comment once handled. An alert's evidence links to the audit entries that raised it.",
    ],
    links: [
      { text: "Alert rules", href: "/alerts/rules" },
      { text: "Audit log", href: "/audit" },
    ],
  },
  "alert-rules": {
    title: "Alert rules",
    paragraphs: [
      "Each rule watches the audit log for one kind of risk. Turn a rule on or off, and set its configuration: thresholds, working hours and their time zone, the actions it counts.",
      "Each rule is saved on its own. A configuration the API refuses shows the reason beside its field.",
    ],
  },
  users: {
    title: "Users",
    paragraphs: [
      "The people of this workspace, their roles and their status. A locked user cannot sign in; an inactive one no longer may.",
      "An administrator gives a new user a first password, usually temporary: the user then chooses their own at first sign-in.",
    ],
  },
  roles: {
    title: "Roles and permissions",
    paragraphs: [
      "A role is a set of permissions, grouped by what they let people do: run scans, manage credentials, read the audit log and so on.",
      "The built-in roles are user, power user and administrator; you may add your own. Each role has a rank: a person may create, change and give only roles ranked no higher than their own.",
      "The administrator role always holds every permission. A custom role can be deleted once nobody holds it.",
    ],
  },
  invites: {
    title: "Invites",
    paragraphs: [
      "An invite is a code that lets someone sign up, or join this workspace from their account page, with the role the invite gives.",
      "The code is shown once, right after it is made: copy it then and send it to the person.",
    ],
  },
  audit: {
    title: "Audit log",
    paragraphs: [
      "The audit log records who did what in this workspace, and when: every change, every sign-in and every refused request, with its result.",
      "Search it by text, or narrow it by actor, action, resource and result; export what you found as a background job.",
    ],
  },
  workers: {
    title: "Workers",
    paragraphs: [
      "Workers are the scan executions running now, with the units they are scanning, and statistics of the units run so far.",
      "Purge stops every running execution at once; their tasks are cancelled. Use it only when scans are stuck.",
    ],
  },
  workspaces: {
    title: "Workspaces",
    paragraphs: [
      "A workspace is a separate space of CloudCensus with its own people, credentials, scans, reports and settings. Nothing is shared between workspaces.",
      "A person may belong to several workspaces, with a role in each, and switches between them from the top bar. Platform administrators make and rename workspaces from the deployment's first workspace.",
    ],
  },

  // Pages outside the side navigation.
  "new-scan": {
    title: "Starting a scan",
    paragraphs: [
      "Choose the credentials whose accounts to scan, then the regions and, if you want, the services and exclusions that narrow the scan.",
      "The project details go on the report's cover and in its document control. The last ones you started a scan with are filled in for you.",
      "Review the scan, then start it: it opens on its own page, where you follow its progress.",
    ],
  },
  task: {
    title: "A task",
    paragraphs: [
      "A task's page follows its scan as it runs: its units, the coverage grid of services against accounts and regions, and its logs.",
      "Once it ends, download its report, export its inventory as CSV or Excel, or rebuild its report.",
    ],
  },
  account: {
    title: "Account settings",
    paragraphs: [
      "Your own details and password. To join another workspace, enter the invite code its administrator gave you; you then switch workspaces from the top bar.",
    ],
  },
  "access-requests": {
    title: "Access requests",
    paragraphs: [
      "When your role lacks a permission a page needs, you can ask for it for a number of hours, with a reason your approvers read.",
      "Once approved, the permission arrives within seconds and ends by itself. If your role may not ask, copy the request and send it to an administrator.",
    ],
  },

  // Terms the pages use.
  "external-id": {
    title: "External id",
    paragraphs: [
      "The external id is a value CloudCensus made for this credential. The scanner role trusts CloudCensus only when it presents this value, so nobody else using CloudCensus can assume your role.",
      "It is not a password: the role's trust policy holds it in plain text. Keep it as it is in the stack's ExternalId parameter; a role with another value refuses CloudCensus.",
    ],
    links: [{ text: "How to use an external id (AWS IAM)", href: AWS_EXTERNAL_ID }],
  },
  "scanner-role": {
    title: "Scanner role",
    paragraphs: [
      "The CloudFormation stack creates one IAM role, named CloudCensusScanner unless you change it, in the account to scan. It creates nothing else.",
      "The role trusts only the CloudCensus principal, and only with this credential's external id. Its one policy allows exactly the read actions the scanners call, listed on the credential's page, and nothing that changes anything.",
      "Read-only means a scan cannot create, change or delete anything in your account, and a leaked session could not either. Sessions last at most one hour.",
    ],
    links: [
      { text: "CloudFormation stacks", href: AWS_STACKS },
      { text: "CloudFormation StackSets", href: AWS_STACKSETS },
    ],
  },
  "base-role": {
    title: "Base role",
    paragraphs: [
      "The base role is who CloudCensus is when it assumes the scanner roles in your accounts: the principal the scanner roles trust.",
      "The CloudCensus execution role needs no stored secret and is recommended. An access key of an IAM user works too, but it is a long-lived secret to store and rotate.",
    ],
  },
  organizations: {
    title: "AWS Organizations",
    paragraphs: [
      "An organization credential scans the accounts of an AWS Organization. The role in the management account (or a delegated administrator) lists the member accounts; a StackSet puts the member role in each member account.",
      "Discover lists the member accounts with their organizational unit (OU) path and status. A scan can cover every active account, the accounts under some OUs, or named accounts.",
    ],
    links: [
      { text: "What is AWS Organizations", href: AWS_ORGANIZATIONS },
      { text: "CloudFormation StackSets", href: AWS_STACKSETS },
    ],
  },
  units: {
    title: "Regions and units",
    paragraphs: [
      "A scan is split into units: one account in one region, scanned by one worker (an AWS Lambda function) on its own. Each account also gets one global unit for its global services, such as IAM.",
      "So 3 accounts in 2 regions make 9 units: 3 x 2 regional units plus 3 global ones. More regions mean more units, and a longer scan.",
      "A region not enabled in an account shows as region disabled; nothing is wrong with the scan.",
    ],
    links: [{ text: "Regions of an AWS account", href: AWS_REGIONS }],
  },
  "coverage-grid": {
    title: "Coverage grid",
    paragraphs: [
      "The coverage grid shows, for every service (rows) and every unit (columns: account and region), how its scan went.",
      "OK: every resource and detail was read. Partial: every resource was listed, but some details could not be read. Access denied: the role may not call the service. Throttled: AWS still throttled the calls after every retry. Excluded: a scope rule left it out. Skipped: not chosen for this scan.",
      "Open a cell for its detail: for a partial service, the calls that failed.",
    ],
  },
  outcome: {
    title: "Scan outcome",
    paragraphs: [
      "Completed: every unit and service was read. Partially completed: the scan finished, but some units failed or some services could not be fully read; the report has what was read.",
      "Failed: no unit completed. Cancelled: someone stopped it.",
      "The coverage grid and the task's logs say which units and services fell short, and why: most often access denied or throttling.",
    ],
  },
  exclusions: {
    title: "Exclusions",
    paragraphs: [
      "Exclusions are scope rules that leave things out of a scan: an account, a region or a service is not scanned at all; a tag, a resource id or a CIDR block drops the matching resources.",
      "What a rule leaves out is in no result, export or report. The report's coverage appendix counts what each rule dropped.",
      "The workspace's exclusions apply to every scan; a scan or a schedule may add its own.",
    ],
  },
  "project-details": {
    title: "Project details",
    paragraphs: [
      "The client, project and people named here go on the report's cover and in its document control. They do not change what is scanned.",
      "The last ones you started a scan with are filled in on the next scan and on a new schedule, in this browser only.",
    ],
  },
  "schedule-expressions": {
    title: "Schedule expressions",
    paragraphs: [
      "rate(5 minutes), rate(1 day): every so often, counted from when the schedule is saved. At most once every 5 minutes.",
      "cron(0 2 * * ? *): at set times. Six fields: minutes, hours, day of month, month, day of week, year; one of the two days must be ?. Read on the clock of the schedule's time zone.",
      "at(2027-01-31T09:00:00): once, at that time in the schedule's time zone.",
    ],
    links: [{ text: "EventBridge Scheduler schedule types", href: AWS_SCHEDULES }],
  },
} satisfies Record<string, HelpTopic>;

export type HelpTopicId = keyof typeof HELP;

/** A topic by its id, as the plain shape every topic has. */
export function helpTopic(id: HelpTopicId): HelpTopic {
  return HELP[id];
}
