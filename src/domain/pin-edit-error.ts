/** A pin edit that cannot be made safely: the file's layout is not what the edit needs. Its message names what to change. */
export class PinEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PinEditError";
  }
}
