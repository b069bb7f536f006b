import { createServer, type Server } from "node:http";

export interface AttackerSite {
  url: string;
  close(): Promise<void>;
}

/**
 * Another origin on loopback (same host, other port: same site, so a Lax cookie still goes along)
 * whose page tries to change the dashboard behind its user's back.
 */
export async function startAttackerSite(target: string): Promise<AttackerSite> {
  const page = `<!doctype html><html><body>
<form id="f" method="POST" action="${target}/api/v1/dashboard/keys" enctype="text/plain">
<input name='{"name":"planted-by-form","expires_days":null,"x":"' value='"}'>
</form>
<script>
fetch(${JSON.stringify(`${target}/api/v1/dashboard/keys`)}, {
  method: "POST", mode: "no-cors", credentials: "include",
  headers: { "Content-Type": "text/plain" },
  body: JSON.stringify({ name: "planted-by-fetch", expires_days: null }),
}).finally(() => { document.title = "sent"; document.getElementById("f").submit(); });
</script></body></html>`;
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html" }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
