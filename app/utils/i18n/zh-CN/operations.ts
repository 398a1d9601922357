// UI text for operations (mail outages, retry all), in Simplified Chinese; spread into the
// zh-CN catalog (../zh-CN.ts).
export const operations = {
  mailHealth: {
    title: "邮件发送异常",
    failing: "有 {count} 封邮件因发送失败尚未送达（通知与邀请）。",
    retrying: "其中 {count} 封系统会自动重试，无需人工处理；下次自动重试：{next}。",
    notRetrying: "其中 {count} 封不会再自动重试（邮件服务器拒收，或已超过自动重试期限），请检查后点击“全部重新发送”。",
    lastError: "最近一次错误（{at}）：{error}",
    hint: "请检查邮件服务器（SMTP_URL）是否可用。邮件服务恢复后，系统会自动补发，每封邮件只发送一次。",
    link: "查看邮件发送问题",
    soon: "即将进行",
  },
  retryAll: {
    button: "全部重新发送",
    confirmLabel: "将所有发送失败的邮件重新发送",
    done: "已将 {notices} 封通知邮件和 {invitations} 封邀请邮件重新排队发送。",
    doneNotQueued: "已将 {notices} 封通知邮件和 {invitations} 封邀请邮件改为待发送，但加入任务队列时连接中断；系统定期补发时会再次尝试。",
    nothing: "没有需要重新发送的邮件。",
  },
  retryColumn: "自动重试",
  retryAt: "{at} 自动重试",
  retryNever: "不再自动重试",
};
