import { accountAndAdminOperations } from "./account-and-admin-operations.ts";
import { checkJobOperations } from "./check-job-operations.ts";
import { proxyOperations } from "./proxy-operations.ts";
import type { PublicOperation } from "./public-operation.ts";

/*
 * Every route of the public API once, in the document's order, from the table of each route
 * group. The contract test holds this list equal to the routes the app registers, with the same
 * permission and rate-limit category.
 */
export const publicOperations: PublicOperation[] = [
  ...proxyOperations,
  ...checkJobOperations,
  ...accountAndAdminOperations,
];
