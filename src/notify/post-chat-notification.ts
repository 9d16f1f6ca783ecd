/** Posts a Slack-compatible incoming-webhook message. The URL comes from the environment (RELEASE_BOT_NOTIFY_URL), never from the repo. */
export async function postChatNotification(url: string, body: object): Promise<void> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`chat webhook answered ${response.status} ${response.statusText}`);
}
