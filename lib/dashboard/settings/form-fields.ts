/** A text field of a submitted form ("" when absent or a file): server actions read forms through this. */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
