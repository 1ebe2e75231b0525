export interface ClientRoute {
  name: string;
  method: "GET" | "POST";
  path: string;
}
export function clientRoutes(file?: string): Promise<ClientRoute[]>;
export function missingRoutes(routes: ClientRoute[], openapi: unknown): ClientRoute[];
