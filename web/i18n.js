// UI strings in Chinese and English. window.DM_I18N[lang][key].
window.DM_I18N = {
  zh: {
    chat: '助手', send: '发送', suggestions: '主动建议', none: '暂无建议', vehicle: '车辆状态',
    placeholder: '说点什么，例如：打开副驾车窗', accept: '接受', dismiss: '忽略',
    climate: '空调', windows: '车窗', seats: '座椅', lights: '灯光', media: '媒体', driving: '行驶',
    route_fast: '快速通道', route_local: '本地模型', route_cloud: '云端', route_none: '未处理',
    connected: '已连接', connecting: '连接中…', disconnected: '已断开', error: '出错了',
    key: 'API 密钥', accepted: '已执行', langButton: 'English', on: '开', off: '关',
    // Signals no function sets, which the server cannot name from the catalog.
    signals: { 'Vehicle.Cabin.Sunroof.Position': '天窗开度', 'Media.Player.State': '播放状态', 'Vehicle.Speed': '车速' },
    zones: { 'Row1.Driver': '主驾', 'Row1.Passenger': '副驾', 'Row2.Driver': '左后', 'Row2.Passenger': '右后',
             'Row1.DriverSide': '主驾', 'Row1.PassengerSide': '副驾', 'Row2.DriverSide': '左后',
             'Row2.PassengerSide': '右后', 'Row2.Middle': '后排中' },
  },
  en: {
    chat: 'Assistant', send: 'Send', suggestions: 'Suggestions', none: 'No suggestions', vehicle: 'Vehicle',
    placeholder: 'Say something, e.g. open the passenger window', accept: 'Accept', dismiss: 'Dismiss',
    climate: 'Climate', windows: 'Windows', seats: 'Seats', lights: 'Lights', media: 'Media', driving: 'Driving',
    route_fast: 'fast path', route_local: 'local model', route_cloud: 'cloud', route_none: 'not handled',
    connected: 'connected', connecting: 'connecting…', disconnected: 'disconnected', error: 'error',
    key: 'API key', accepted: 'done', langButton: '中文', on: 'on', off: 'off',
    signals: { 'Vehicle.Cabin.Sunroof.Position': 'sunroof opening', 'Media.Player.State': 'player state',
               'Vehicle.Speed': 'speed' },
    zones: { 'Row1.Driver': 'driver', 'Row1.Passenger': 'passenger', 'Row2.Driver': 'rear left',
             'Row2.Passenger': 'rear right', 'Row1.DriverSide': 'driver', 'Row1.PassengerSide': 'passenger',
             'Row2.DriverSide': 'rear left', 'Row2.PassengerSide': 'rear right', 'Row2.Middle': 'rear middle' },
  },
};
