// A finished task's network diagrams, drawn by the API from the scan
// results as SVG: one per account and region with a VPC, in parts when a
// region does not fit a page. The SVG is shown only as an image (an <img>
// of a blob URL), never put into the page's DOM: its labels come from the
// scanned accounts, and an image cannot run scripts or reach the page.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import FormField from "@cloudscape-design/components/form-field";
import Link from "@cloudscape-design/components/link";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiError } from "../../api/errors";
import type { TaskDiagram } from "../../api/types";
import { useApi } from "../../app/services";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { EmptyState } from "../../components/table";

/** The account and region a diagram is of: one choice of the first select. */
export function viewKey(d: Pick<TaskDiagram, "accountId" | "region">): string {
  return `${d.accountId}/${d.region}`;
}

/** The diagrams grouped by account and region, each group in part order, groups in the API's order. */
export function groupDiagrams(diagrams: readonly TaskDiagram[]): Map<string, TaskDiagram[]> {
  const groups = new Map<string, TaskDiagram[]>();
  for (const d of diagrams) groups.set(viewKey(d), [...(groups.get(viewKey(d)) ?? []), d]);
  for (const g of groups.values()) g.sort((a, b) => a.part - b.part);
  return groups;
}

/** "3 more diagrams are in the report." */
export function omittedText(n: number): string {
  return n === 1 ? "1 more diagram is in the report." : `${n.toLocaleString("en-US")} more diagrams are in the report.`;
}

export function NetworkDiagrams({ taskId }: { taskId: string }) {
  const api = useApi();
  // Not under ["tasks"]: the task's actions refresh those, and the SVG does not change once the scan ended.
  const q = useQuery({ queryKey: ["diagrams", taskId], queryFn: () => api.tasks.diagrams(taskId), staleTime: 5 * 60_000, retry: false });
  const [view, setView] = useState<string>();
  const [part, setPart] = useState(1);

  if (q.error) {
    // The scan results are gone (409, or 410): the API's message says since when.
    if (q.error instanceof ApiError && (q.error.status === 409 || q.error.status === 410)) {
      return (
        <Alert type="info" header="No network diagram">
          {q.error.message}
        </Alert>
      );
    }
    return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  }
  if (!q.data) return <Loading text="Drawing the network diagrams" />;

  const { diagrams, omitted } = q.data;
  const groups = groupDiagrams(diagrams);
  const more = omitted > 0 && <Alert type="info">{omittedText(omitted)}</Alert>;
  if (groups.size === 0) {
    return (
      <SpaceBetween size="m">
        {more}
        {omitted === 0 && <EmptyState title="No network diagram" subtitle="The scan found no VPC to draw in the accounts and regions it covered." />}
      </SpaceBetween>
    );
  }

  const keys = [...groups.keys()];
  const current = view && groups.has(view) ? view : (keys[0] as string);
  const parts = groups.get(current) ?? [];
  const shown = parts.find((d) => d.part === part) ?? parts[0];
  const viewOptions = keys.map((k) => {
    const first = groups.get(k)?.[0];
    return { value: k, label: first ? `${first.accountId} · ${first.region}` : k };
  });
  const partOptions = parts.map((d) => ({ value: String(d.part), label: `Part ${d.part} of ${d.parts}` }));

  return (
    <SpaceBetween size="m">
      <SpaceBetween direction="horizontal" size="m">
        <FormField label="Account and region">
          <Select
            selectedOption={viewOptions.find((o) => o.value === current) ?? null}
            onChange={(e) => {
              setView(e.detail.selectedOption.value);
              setPart(1);
            }}
            options={viewOptions}
            ariaLabel="Account and region"
          />
        </FormField>
        {parts.length > 1 && (
          <FormField label="Part">
            <Select
              selectedOption={partOptions.find((o) => o.value === String(shown?.part)) ?? null}
              onChange={(e) => setPart(Number(e.detail.selectedOption.value))}
              options={partOptions}
              ariaLabel="Part"
            />
          </FormField>
        )}
      </SpaceBetween>
      {shown && <DiagramImage diagram={shown} />}
      {more}
    </SpaceBetween>
  );
}

const html = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The diagram as an image of a blob URL, fitted to the width, with a link to a page of it at full size. */
export function DiagramImage({ diagram }: { diagram: TaskDiagram }) {
  const [urls, setUrls] = useState<{ image: string; page: string }>();
  const { svg, title } = diagram;
  const alt = `Network diagram: ${title}`;
  useEffect(() => {
    const image = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
    // The full-size view is a page of the console's own making that shows the
    // same image: the SVG is never opened as a document of its own.
    const page = URL.createObjectURL(
      new Blob([`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${html(title)}</title></head><body style="margin:0"><img src="${image}" alt="${html(alt)}"></body></html>`], {
        type: "text/html",
      }),
    );
    setUrls({ image, page });
    return () => {
      URL.revokeObjectURL(image);
      URL.revokeObjectURL(page);
    };
  }, [svg, title, alt]);
  return (
    <SpaceBetween size="xs">
      <SpaceBetween direction="horizontal" size="m" alignItems="center">
        <Box variant="h3" tagOverride="h3">
          {title}
          {diagram.parts > 1 ? ` (part ${diagram.part} of ${diagram.parts})` : ""}
        </Box>
        {urls && (
          <Link href={urls.page} external externalIconAriaLabel="(opens in a new tab)">
            Open full size
          </Link>
        )}
      </SpaceBetween>
      {urls && <img src={urls.image} alt={alt} width={diagram.width} height={diagram.height} style={{ width: "100%", height: "auto", display: "block" }} />}
    </SpaceBetween>
  );
}
