/**
 * Error helper for descriptive "got" parts. `invalid` (errors.ts) renders the offending value with
 * `describeValue`, which quotes strings; when the "got" part is a description composed here (e.g. `dimensions 3
 * and 5`, `NaN at point 4, coordinate 2`) it should read unquoted.
 */
import { InvalidParameterError } from "../errors.js";

/** Throws InvalidParameterError `<where>: <what> must be <constraint>; got <description>` (description verbatim). */
export function invalidGot(where: string, what: string, constraint: string, description: string): never {
  throw new InvalidParameterError(`${where}: ${what} must be ${constraint}; got ${description}`);
}
