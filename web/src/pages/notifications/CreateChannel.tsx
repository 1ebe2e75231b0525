// Adding a notification channel: its type's settings with help on where to
// get them, and the events it hears about. It opens on its page, where a
// test message can be sent.

import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Form from "@cloudscape-design/components/form";
import Header from "@cloudscape-design/components/header";
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useApi } from "../../app/services";
import { Actions } from "../../components/Actions";
import { useFlash } from "../../components/flash";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { CHANNEL_API_FIELDS, ChannelFields } from "./ChannelFields";
import { emptyChannelForm, toCreateChannel, validateChannel, type ChannelErrors, type ChannelForm } from "./form";
import { InfoLink } from "../../help/InfoLink";

export default function CreateChannel() {
  useBreadcrumbs([
    { text: "Notifications", href: "/notifications" },
    { text: "Add channel", href: "/notifications/new" },
  ]);
  const api = useApi();
  const flash = useFlash();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ChannelForm>(() => emptyChannelForm());
  const [errors, setErrors] = useState<ChannelErrors>({});
  const create = useApiMutation({
    mutationFn: () => api.notifications.create(toCreateChannel(form)),
    fields: CHANNEL_API_FIELDS,
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: ["notifications"] });
      flash.success(`Channel "${c.name}" added. Send a test to check the receiver gets it.`);
      navigate(`/notifications/${c.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs = validateChannel(form);
    setErrors(errs);
    if (Object.keys(errs).length === 0) create.mutate();
  };
  return (
    <ContentLayout header={<Header variant="h1" info={<InfoLink topic="notifications" />} description="Where CloudCensus tells you about scans, schedules and security events.">Add channel</Header>}>
      <form onSubmit={submit} noValidate>
        <Form actions={<Actions submitText="Add channel" submitsForm loading={create.isPending} onCancel={() => navigate("/notifications")} />}>
          <Container header={<Header variant="h2">Channel</Header>}>
            <ChannelFields
              form={form}
              onChange={(patch) => {
                setForm((f) => ({ ...f, ...patch }));
                create.reset();
              }}
              errors={errors}
              apiError={create.error}
            />
          </Container>
        </Form>
      </form>
    </ContentLayout>
  );
}
