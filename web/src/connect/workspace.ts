import { AmazonConnectApp } from "@amazon-connect/app";
import { ContactClient } from "@amazon-connect/contact";

import { ATTRIBUTES, contactOf, type ArrivingContact } from "./attributes";

let client: ContactClient | null = null;

/** Inside Amazon Connect's agent workspace (a third-party app): each contact offered to or connected with the
 * agent, with the attributes the CRM's hooks set. The SDK talks to the workspace through the parent frame; it is
 * loaded only when the console runs framed (main.tsx keeps it out of the first load). */
export function watchContacts(onContact: (c: ArrivingContact) => void): () => void {
  if (!client) client = new ContactClient({ provider: AmazonConnectApp.init({ onCreate: () => Promise.resolve() }).provider });
  const contacts = client;
  const handler = async ({ contactId }: { contactId: string }) => {
    onContact(contactOf(contactId, await contacts.getAttributes(contactId, ATTRIBUTES)));
  };
  contacts.onIncoming(handler);
  contacts.onConnected(handler);
  return () => {
    contacts.offIncoming(handler);
    contacts.offConnected(handler);
  };
}
