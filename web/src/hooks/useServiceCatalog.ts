// The column spec of every service and the regions a task may select, from
// GET /api/meta/services: the console keeps no list of its own. They change
// only with the backend, so one answer serves the whole session.

import { useQuery } from "@tanstack/react-query";
import { useApi } from "../app/services";

export function useServiceCatalog() {
  const api = useApi();
  return useQuery({ queryKey: ["meta", "services"], queryFn: () => api.serviceCatalog(), staleTime: Infinity });
}
