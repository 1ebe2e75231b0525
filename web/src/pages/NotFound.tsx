import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import { RouterLink } from "../components/RouterLink";
import { InfoLink } from "../help/InfoLink";

export default function NotFound() {
  return (
    <Container header={<Header variant="h1" info={<InfoLink topic="console" />}>Page not found</Header>}>
      <Box>
        There is no page at this address. <RouterLink href="/">Go to the dashboard</RouterLink>
      </Box>
    </Container>
  );
}
