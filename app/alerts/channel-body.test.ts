import { describe, expect, it } from "vitest";
import { channelBody } from "./channel-body";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

describe("channelBody", () => {
  it("leaves blank secret fields out only when editing a channel of the same kind (keep)", () => {
    const blank = form({ name: " ops ", url: "", signingSecret: "" });
    expect(channelBody("webhook", blank, true, true)).toEqual({ kind: "webhook", name: "ops" });
    expect(channelBody("webhook", blank, false, false)).toEqual({
      kind: "webhook",
      name: "ops",
      url: "",
      signingSecret: "",
    });
    const typed = form({ name: "ops", url: " https://hooks.example.com/a ", signingSecret: "" });
    expect(channelBody("webhook", typed, true, true)).toEqual({
      kind: "webhook",
      name: "ops",
      url: "https://hooks.example.com/a",
    });
  });

  it("keeps an SMTP password left blank, and clears it when the user is taken away in an edit", () => {
    const mail = {
      name: "mail",
      host: "smtp.example.com",
      port: "",
      from: "d@example.com",
      to: "a@example.com, b@example.com",
    };
    const withUser = channelBody("email", form({ ...mail, user: "u", password: "" }), true, true);
    expect(withUser).toEqual({
      kind: "email",
      name: "mail",
      host: "smtp.example.com",
      port: 587,
      secure: false,
      user: "u",
      from: "d@example.com",
      to: ["a@example.com", "b@example.com"],
    });
    expect(channelBody("email", form({ ...mail, user: "u", password: " p " }), true, true)).toMatchObject({
      password: " p ",
    });
    expect(channelBody("email", form({ ...mail, user: "" }), true, true)).toMatchObject({ password: "" });
    expect(channelBody("email", form({ ...mail, user: "" }), false, false)).not.toHaveProperty("password");
  });
});
