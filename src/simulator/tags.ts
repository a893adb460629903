// ARM tag limits: at most 50 tags; names up to 512 characters, values up to 256; some characters are
// reserved in names. Applied to every tracked resource and resource group.
import { badRequest } from './errors.js';

const FORBIDDEN_NAME_CHARS = /[<>%&\\?/]/;

export function validateTags(tags: Record<string, string> | undefined): void {
  if (!tags) return;
  const entries = Object.entries(tags);
  if (entries.length > 50) {
    throw badRequest('InvalidTag', `The tags count '${entries.length}' exceeds the maximum allowed of 50 per resource.`);
  }
  for (const [name, value] of entries) {
    if (name.length === 0 || name.length > 512) {
      throw badRequest('InvalidTag', `The tag name '${name}' is invalid: tag names must be 1-512 characters long.`);
    }
    if (value.length > 256) {
      throw badRequest('InvalidTag', `The value of tag '${name}' exceeds the maximum length of 256 characters.`);
    }
    if (FORBIDDEN_NAME_CHARS.test(name)) {
      throw badRequest(
        'InvalidTagNameCharacters',
        `The tag names '${name}' have reserved characters '<,>,%,&,\\,?,/' or control characters.`,
      );
    }
  }
}
