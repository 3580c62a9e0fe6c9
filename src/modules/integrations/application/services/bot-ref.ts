/** The bot an update arrived at, as the bot services need it. */
export interface BotRef {
  id: string;
  token: string;
  botName: string;
}
