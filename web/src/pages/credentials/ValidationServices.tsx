// What a validation's dry run found, per service: the read actions a scan
// needs, tried with the credential, so "Valid" means the scan can read the
// account rather than only that the role can be assumed. Services it could
// not read come first, with the denied action to allow.

import Box from "@cloudscape-design/components/box";
import Header from "@cloudscape-design/components/header";
import Table from "@cloudscape-design/components/table";
import type { Validation } from "../../api/types";
import { Status } from "../../components/status";
import { NoWrap } from "../../components/table";
import { humanize } from "../../format";
import { useServiceCatalog } from "../../hooks/useServiceCatalog";
import { unreadableText } from "./CredentialValidation";

export function ValidationServices({ validation }: { validation: Validation }) {
  const catalog = useServiceCatalog();
  const readable = (status: string) => status === "ok";
  const checks = [...(validation.services ?? [])].sort(
    (a, b) => Number(readable(a.status)) - Number(readable(b.status)) || a.service.localeCompare(b.service) || a.region.localeCompare(b.region),
  );
  if (checks.length === 0) return null;
  const titles = new Map((catalog.data?.services ?? []).map((s) => [s.key, s.title] as const));
  const unreadable = validation.unreadable ?? checks.filter((c) => !readable(c.status)).length;
  return (
    <Table
      variant="container"
      items={checks}
      trackBy={(c) => `${c.service}/${c.region}`}
      header={
        <Header
          variant="h2"
          counter={`(${checks.length})`}
          description={unreadable > 0 ? `${unreadableText(unreadable)}: a scan would miss what they hold until the role allows the action shown.` : "A scan can read every service."}
        >
          Services a scan can read
        </Header>
      }
      columnDefinitions={[
        { id: "service", header: "Service", isRowHeader: true, cell: (c) => <NoWrap>{titles.get(c.service) ?? c.service}</NoWrap> },
        { id: "region", header: "Region", cell: (c) => <NoWrap>{c.region === "global" ? "Global" : c.region}</NoWrap> },
        {
          id: "readable",
          header: "Readable",
          cell: (c) =>
            readable(c.status) ? <Status type="success">Yes</Status> : <Status type={c.status === "partial" ? "warning" : "error"}>{`No (${humanize(c.status).toLowerCase()})`}</Status>,
        },
        {
          id: "action",
          header: "Denied action",
          cell: (c) =>
            c.action ? (
              <Box variant="code" fontSize="body-s">
                {c.action}
              </Box>
            ) : c.calls?.length ? (
              c.calls.join(", ")
            ) : (
              "-"
            ),
        },
      ]}
    />
  );
}
