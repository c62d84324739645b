/**
 * Agency ids go into stream names and URLs, so they are lower-case slugs that never need escaping.
 * A token's `agencyId` claim is checked against it before any agency is looked up.
 */
export const AGENCY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Bailiff ids travel in the same places as agency ids (tokens' `sub`, URLs), under the same rule. */
export const BAILIFF_ID_PATTERN = AGENCY_ID_PATTERN;

/**
 * The canonical form of a UUID, lower case: the only form a case id takes once the api has read it
 * (it lower-cases what it is sent), so that one case never has two spellings.
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A UUID in upper or lower case: for ids not canonicalised yet (event ids, path segments, cursors). */
export const UUID_PATTERN_IGNORE_CASE = new RegExp(UUID_PATTERN.source, 'i');
