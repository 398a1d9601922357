// UI text of the list kit (台账 pages: table, pager, sorting, export), in Simplified Chinese;
// wired into the zh-CN catalog (../zh-CN.ts).
export const lists = {
  table: "{title}列表",
  sortBy: "按“{column}”排序",
  sortedAsc: "（当前升序，点击改为降序）",
  sortedDesc: "（当前降序，点击改为升序）",
  pager: "分页",
  previousPage: "上一页（第 {page} 页）",
  nextPage: "下一页（第 {page} 页）",
  exportTooLarge: "导出的数据超过 {max} 行，系统没有生成文件。请先用筛选条件缩小范围（例如按地区或日期），再分批导出。",
};
