// Wires the services, query cache and flashbar around the router.

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { RouterProvider } from "react-router";
import { ApiError } from "../api/errors";
import { FlashProvider } from "../components/flash";
import { JobsProvider } from "../jobs/JobsProvider";
import type { createRouter } from "./router";
import { ServicesProvider, type Services } from "./services";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        // Retrying a refusal cannot help; retry only what may be transient.
        retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      },
    },
  });
}

/** Everything a page needs around it: services, query cache, flashbar, the background jobs followed. */
export function Providers({
  services,
  queryClient,
  jobPollMs,
  children,
}: {
  services: Services;
  queryClient: QueryClient;
  /** How often a followed job is polled (tests shorten it). */
  jobPollMs?: number;
  children: ReactNode;
}) {
  return (
    <ServicesProvider services={services}>
      <QueryClientProvider client={queryClient}>
        <FlashProvider>
          <JobsProvider pollMs={jobPollMs}>{children}</JobsProvider>
        </FlashProvider>
      </QueryClientProvider>
    </ServicesProvider>
  );
}

export function App({
  services,
  queryClient,
  router,
}: {
  services: Services;
  queryClient: QueryClient;
  router: ReturnType<typeof createRouter>;
}) {
  return (
    <Providers services={services} queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>
  );
}
