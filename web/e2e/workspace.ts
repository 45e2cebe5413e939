/**
 * A stand-in for Amazon Connect's agent workspace, as a third-party app meets it: the app (the console's /pop,
 * framed) posts `connect-app-host-init` with a MessagePort to its parent; the workspace acknowledges, records
 * the app's subscriptions, answers its requests (contact/getAttributes) and publishes contact events. This is
 * the protocol of @amazon-connect/app and @amazon-connect/contact; `window.offer(contactId)` plays an incoming
 * contact and answers how many subscriptions it reached.
 */
export function workspaceHost(attributes: Record<string, string>): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Agent workspace (simulated)</title></head>
<body><main><h1>Agent workspace (simulated)</h1>
<iframe title="CRM screen pop" src="/pop" style="width:100%;height:1400px;border:0"></iframe></main>
<script>
const attributes = ${JSON.stringify(attributes)};
const subscriptions = [];
let port = null;
window.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "connect-app-host-init") return;
  port = event.ports[0];
  port.onmessage = ({ data }) => {
    if (data.type === "subscribe") subscriptions.push(data);
    if (data.type === "request") {
      const known = data.command === "contact/getAttributes";
      port.postMessage({ type: "response", requestId: data.requestId, namespace: data.namespace, command: data.command,
        isError: !known, data: known ? attributes : { message: "not simulated: " + data.command } });
    }
  };
  port.postMessage({ type: "acknowledge", connectionId: "simulated-workspace", status: "ready", healthCheckInterval: 0 });
});
window.offer = (contactId) => {
  const incoming = subscriptions.filter((s) => s.topic.key === "contact/incoming");
  for (const s of incoming) port.postMessage({ type: "publish", topic: s.topic, handlerId: s.handlerId, data: { contactId, initialContactId: contactId } });
  return incoming.length;
};
</script></body></html>`;
}
