// UI text for input limits and HTTP-level refusals, in Simplified Chinese; spread into the
// zh-CN catalog (../zh-CN.ts).
export const limits = {
  body: {
    title: "提交的内容过大",
    tooLarge: "本次提交的内容超过了 {limit} 的上限，系统没有接收。请减少内容或拆分文件后重试。",
    backHome: "返回首页",
  },
  badHost: "请求无效：主机名（Host）格式不正确。",
  badRequest: "请求无效，请检查网址后重试。",
  unexpected: "系统开小差了，请稍后重试。如问题持续，请把编号 {requestId} 告诉管理员。",
  form: {
    tooManyParts: "表单中的字段或文件过多，系统没有接收",
    fieldTooLong: "表单中有字段内容过长，系统没有接收",
    fileTooLarge: "“{name}” 超过 {limit} 的上限，系统没有接收",
    tooManyFiles: "一次最多上传 {max} 个文件",
    malformed: "上传未完成或内容不完整，请重新上传",
  },
  file: {
    unpackedTooLarge: "文件解压后超过 {mb} MB（可能是“压缩炸弹”），系统已拒绝读取。请检查文件内容，或拆分后再上传。",
    tooManyEntries: "文件内部包含的部件超过 {max} 个，系统已拒绝读取。请另存为标准的 Excel 或 Word 文件后再上传。",
    encrypted: "文件已加密或设置了密码，无法读取。请取消密码后再上传。",
    tooManyRows: "文件超过 {max} 行，请拆分后分批上传。",
    tooMuchText: "文件中的文字超过 {max} 字，请拆分后再上传。",
    tooManyPages: "文件超过 {max} 页，请拆分后再上传。",
    timeout: "读取文件超过 {seconds} 秒仍未完成，系统已停止读取。请检查文件是否过大或已损坏。",
    memory: "读取该文件所需的内存超过上限，系统已停止读取。请拆分文件后再上传。",
    unreadable: "无法读取该文件，请确认文件格式正确。",
  },
};
