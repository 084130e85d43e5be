/**
 * The URL with its password replaced by `***`, safe for messages and logs:
 * what stores and adapters show of a connection URL.
 *
 * @example maskPassword("postgres://app:s3cret@db/shop") // "postgres://app:***@db/shop"
 */
export function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, "//$1:***@");
  }
}
