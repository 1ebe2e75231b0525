// The placeholder of a page whose data is on its way, and the three states
// (failed, loading, loaded) of a page built on one query.

import Box from "@cloudscape-design/components/box";
import Spinner from "@cloudscape-design/components/spinner";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorAlert } from "./ErrorAlert";

export function Loading({ text }: { text: string }) {
  return (
    <Box textAlign="center" padding="xxl">
      <Spinner size="large" /> <span>{text}</span>
    </Box>
  );
}

export function Loaded<T>({ query, text, children }: { query: UseQueryResult<T>; text: string; children: (data: T) => ReactNode }) {
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data === undefined) return <Loading text={text} />;
  return <>{children(query.data)}</>;
}
