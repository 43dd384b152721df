/** Prints a DASHBOARD_USERS entry: `npm run hash-password -- alice` then type the password. */
import { createInterface } from "node:readline/promises";
import { hashPassword } from "../lib/auth/password";

const user = process.argv[2];
if (!user || /[:,\s]/.test(user)) {
  console.error("usage: npm run hash-password -- <name>   (no spaces, colons or commas in the name)");
  process.exit(2);
}
async function main(name: string) {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const password = (await rl.question("Password (at least 12 characters): ")).trim();
  rl.close();
  if (password.length < 12) {
    console.error("Too short: use at least 12 characters.");
    process.exit(1);
  }
  console.log(`${name}:${await hashPassword(password)}`);
}

void main(user);
