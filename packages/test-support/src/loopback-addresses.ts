let issued = 0;

/**
 * A 127.x address no other server in this run leaves from, so the judge sees each proxy as its
 * own exit IP. Every 127.0.0.0/8 address is loopback on Linux; the pid keeps parallel test
 * files apart.
 */
export function uniqueLoopbackAddress(): string {
  issued += 1;
  return `127.${64 + (process.pid % 160)}.${Math.floor(issued / 250) % 250}.${(issued % 250) + 2}`;
}
