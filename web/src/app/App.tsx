// Wires the services, query cache and flashbar around the router.

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "react-router";
import { ApiError } from "../api/errors";
import { FlashProvider } from "../components/flash";
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
    <ServicesProvider services={services}>
      <QueryClientProvider client={queryClient}>
        <FlashProvider>
          <RouterProvider router={router} />
        </FlashProvider>
      </QueryClientProvider>
    </ServicesProvider>
  );
}
