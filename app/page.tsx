import { redirect } from "next/navigation";
import { accountHref } from "@/lib/accounts/current.server";

export default async function Home() {
  redirect(await accountHref("/jobs"));
}
