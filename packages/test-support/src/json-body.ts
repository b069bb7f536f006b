/** A response's JSON body, typed loosely: tests assert on it field by field. */
// biome-ignore lint/suspicious/noExplicitAny: the shape is what the assertions check
export async function jsonBody(response: Response): Promise<any> {
  return response.json();
}
